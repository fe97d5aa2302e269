import { library } from '@steno/eslint-config';

export default library;
