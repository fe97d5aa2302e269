import { definePackageBuild } from '@steno/build-config';

export default definePackageBuild();
