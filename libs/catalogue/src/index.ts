export * from './catalogue.types';
