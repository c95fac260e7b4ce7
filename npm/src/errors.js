/** True when `e` is an error thrown by govshare (it carries a stable `.code`). */
export function isGovshareError(e) {
  return e instanceof Error && e.name === 'GovshareError' && typeof e.code === 'string';
}
