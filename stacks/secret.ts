// Signs login tokens. Set per stage before the first deploy (see docs/INFRA.md); there is no
// fallback value, so a province can never go live with a shared or default key.
export const tokenSecret = new sst.Secret('TokenSecret')
