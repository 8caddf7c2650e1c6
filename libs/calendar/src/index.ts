export * from './civil-date';
