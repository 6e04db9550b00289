// The documents area's public face: other areas and the shell import only this file.
export * from './types.ts';
export {
  docPartyOfBuyer,
  docPartyOfSeller,
  kgText,
  localDate,
  localDateTimeText,
  missingBuyerFields,
  moneyText,
} from './format.ts';
export {
  CN22_LIMIT_SDR,
  customsFormFor,
  parseSdrRates,
  SDR_RATE_COLUMNS,
  SDR_RATE_STALE_DAYS,
  sdrRateOn,
  sdrRateText,
  toSdr,
  type CustomsForm,
  type FormChoice,
  type SdrRate,
  type SdrRateTable,
} from './sdr.ts';
export {
  importerReferenceFor,
  parseImporterReferences,
  type ImporterReference,
  type ImporterReferenceRule,
} from './importer-reference.ts';
export {
  documentLegs,
  LETTER_POST_MAX_G,
  plannedDocumentLegs,
  postalCarriage,
  s10For,
  s10IndicatorFor,
  S10_SECOND_LETTER,
  type PostalCarriage,
  type S10Indicator,
  type StoredLeg,
} from './postal.ts';
export { prepareShipment, type ItemLine, type PreparedShipment } from './shipment.ts';
export {
  buildCommercialInvoice,
  INCOTERM_TEXT,
  type CommercialInvoice,
  type DocumentRules,
  type LabelledValue,
} from './invoice.ts';
export { buildPackingList, type PackedParcel, type PackingList } from './packing-list.ts';
export {
  buildCustomsDeclarations,
  ITEM_CATEGORIES,
  SENDER_STATEMENT,
  type CustomsDeclaration,
  type CustomsDeclarations,
} from './customs-declaration.ts';
export { buildLabels, type ShippingLabel } from './label.ts';
export {
  buildManifest,
  csvCell,
  MANIFEST_CSV_COLUMNS,
  type Manifest,
  type ManifestInput,
  type ManifestParcel,
  type ManifestRow,
  type ManifestService,
} from './manifest.ts';
export {
  documentCatalogue,
  DOCUMENT_KINDS,
  parseDocumentKind,
  shipmentDocument,
  type CatalogueEntry,
  type DocumentCatalogue,
  type DocumentRequest,
  type ShipmentDocument,
} from './catalogue.ts';
