/** notifier as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { notifierModule } from './notifier.module';

runStandalone(notifierModule);
