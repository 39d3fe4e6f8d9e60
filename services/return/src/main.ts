/** return as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { returnModule } from './return.module';

runStandalone(returnModule);
