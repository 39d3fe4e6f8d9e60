export { returnModule } from './return.module';
