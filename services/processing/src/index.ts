export { processingModule } from './processing.module';
