/** signing as its own process (cluster shape). */
import { runStandalone } from '@motcua/runtime';
import { signingModule } from './signing.module';

runStandalone(signingModule);
