export { notifierModule } from './notifier.module';
