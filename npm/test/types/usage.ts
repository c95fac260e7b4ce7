// Compiled with tsc --strict against the installed package's .d.ts: proves
// the published types are usable as a TypeScript user would use them.
import * as gs from 'govshare';

const v: string = gs.version();
try {
  gs.httpMessageNormalize('{}');
} catch (e) {
  if (gs.isGovshareError(e)) {
    const code: string = e.code;
    const zh: string = e.messageZh;
    void code, zh;
  }
}
void v;
