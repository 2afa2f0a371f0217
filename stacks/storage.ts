import { tableDefinition } from '../functions/src/storage/table-definition'
import { isProductionStage } from './stage'

// The keys come from the same definition the local CreateTable uses, so the deployed table and
// the one the tests run against cannot drift apart. SST always enables point-in-time recovery.
export const table = new sst.aws.Dynamo('Table', {
  fields: tableDefinition.fields,
  primaryIndex: tableDefinition.primaryIndex,
  globalIndexes: tableDefinition.globalIndexes,
  // A province's assessments are the record of its review; `protect` guards Pulumi, this guards
  // the console and the API as well.
  deletionProtection: isProductionStage($app.stage),
})
