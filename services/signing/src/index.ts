export { signingModule } from './signing.module';
