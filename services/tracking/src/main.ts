/** tracking as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { trackingModule } from './tracking.module';

runStandalone(trackingModule);
