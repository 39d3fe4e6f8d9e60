export { intakeModule } from './intake.module';
