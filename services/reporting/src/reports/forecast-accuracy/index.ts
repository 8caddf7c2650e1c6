export * from './compute-forecast-accuracy';
