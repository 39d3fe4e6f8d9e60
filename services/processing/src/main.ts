/** processing as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { processingModule } from './processing.module';

runStandalone(processingModule);
