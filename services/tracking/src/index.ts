export { trackingModule } from './tracking.module';
