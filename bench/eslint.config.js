import { app } from '@steno/eslint-config';

export default app;
