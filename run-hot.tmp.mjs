import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
registerTsx();
register('./bin/hooks/raw-loader.mjs', import.meta.url);
await import(process.env.SCRIPT ?? './hot.tmp.ts');
