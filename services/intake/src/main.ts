/** intake as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { intakeModule } from './intake.module';

runStandalone(intakeModule);
