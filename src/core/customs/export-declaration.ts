import { z } from 'zod';
import type { Activity, Location, Mode, Network, TransportMode } from '../network/index.ts';
import { type FxTable, fxFactor } from '../rating/index.ts';
import {
  asCurrencyCode,
  type CountryCode,
  type Exact,
  exactFromInteger,
  formatDecimal,
  type Money,
  mul,
  mulInt,
  roundHalfUp,
  roundToMinorUnits,
  toLocal,
} from '../shared/index.ts';
import {
  type CnExportCodes,
  type CnExportSetup,
  type CnUnit,
  isGatewayKind,
  legalUnitsFor,
} from './cn-export-reference.ts';
import { checkHsCode, type HsNomenclature, normalizeHsCode } from './hs.ts';
import type { SellerProfile } from './parties.ts';

/*
 * China's cross-border e-commerce export filings, built before departure (pre-clearance) from the
 * order, the planned chain, the seller's profile and the integrator's export set-up:
 *
 * - 9610 (跨境贸易电子商务): a B2C parcel. The e-commerce enterprise sends the order (电子订单) and the
 *   receipt of payment (收款单), the logistics enterprise the waybill (物流运单); the declarant files
 *   the export list (申报清单), which customs releases list by list (清单核放) and which the
 *   e-commerce enterprise later sums into monthly customs declarations (汇总申报).
 * - 9710 (跨境电子商务企业对企业直接出口): a B2B order shipped straight to the foreign buyer.
 * - 9810 (跨境电子商务出口海外仓): stock shipped to an overseas warehouse filed with customs.
 *
 * Builders never refuse: a field they cannot fill is null and the validator lists it, with its
 * path and the reason (and where to fix it), so a data set is stored as complete or incomplete.
 * Notes say what is approximated. Output shapes are the zod schemas below, field by field with
 * the Chinese name of each field beside its English name.
 */

export const EXPORT_MODES = ['9610', '9710', '9810'] as const;
export type CbecExportMode = (typeof EXPORT_MODES)[number];

/** Single-ticket value above which 9710/9810 goods go on a customs declaration form (报关单). */
export const B2B_LIST_LIMIT_CNY_MINOR = 500_000;

// ---------------------------------------------------------------------------------------------
// Output schemas

const money = z.object({
  amount: z.number().int(), // integer minor units
  currency: z.string(), // ISO 4217
});

/** 币制: ISO letters (报关单 since 2018) and the customs numeric code (e-commerce messages). */
const currencyRef = z.object({
  iso: z.string(), // 币制 (ISO 4217)
  customsCode: z.string().nullable(), // 币制代码 (3 digits, e.g. 502 USD, 142 CNY)
});

/** A country as China customs writes it. */
const countryRef = z.object({
  iso2: z.string(), // ISO 3166-1 alpha-2
  customsCode: z.string().nullable(), // 国别（地区）代码 (3 digits, e.g. 502 United States)
  iso3: z.string().nullable(), // 国别代码 on the 报关单 (ISO alpha-3)
});

/** A China customs measurement unit. */
const unitRef = z.object({
  code: z.string(), // 计量单位代码 (e.g. 035)
  zh: z.string().nullable(), // 计量单位名称 (e.g. 千克)
});

/** An enterprise on the filings. */
const enterprise = z.object({
  customsCode: z.string().nullable(), // 海关注册编码 / 企业代码 (10 characters)
  creditCode: z.string().nullable(), // 统一社会信用代码 (18 characters)
  name: z.string().nullable(), // 企业名称
  aeo: z.boolean().nullable(), // 海关高级认证企业 (AEO)
  partnerId: z.string().nullable(), // Silkline partner id (not filed)
  serviceId: z.string().nullable(), // Silkline service id (not filed)
});

/** A port or gateway. */
const place = z.object({
  locationId: z.string().nullable(), // Silkline location id (not filed)
  name: z.string().nullable(), // 口岸名称
  country: z.string().nullable(), // 所在国 (ISO alpha-2)
  iata: z.string().nullable(), // IATA airport code
  unlocode: z.string().nullable(), // UN/LOCODE
});

/** 清单表头 / 报关单表头: the head of a list (or declaration form). */
export const exportHeadSchema = z.object({
  declarationCustoms: z.string().nullable(), // 申报地海关代码 (customsCode)
  exitCustoms: z.string().nullable(), // 口岸海关代码 / 出境关别 (portCode)
  exitDate: z.string().nullable(), // 出口日期 (ieDate): planned departure, local date at the port
  tradeMode: z.enum(EXPORT_MODES), // 贸易方式 / 监管方式 (tradeMode)
  transportMode: z.string().nullable(), // 运输方式 (trafMode)
  transportName: z.string().nullable(), // 运输工具名称 (trafName): known at departure
  voyageNo: z.string().nullable(), // 航班航次号 (voyageNo): known at departure
  billNo: z.string().nullable(), // 提运单号 (billNo): the master waybill, known at departure
  supervisedSite: z.string().nullable(), // 监管场所代码 (loctNo)
  arrivalCountry: countryRef, // 运抵国（地区） (country)
  portOfExit: place, // 离境口岸
  portOfDestination: place, // 指运港 (POD)
  packages: z.number().int(), // 件数 (packNo)
  grossWeightG: z.number().int(), // 毛重, grams
  netWeightG: z.number().int(), // 净重, grams
  grossWeightKg: z.string(), // 毛重（千克） (grossWeight), as filed
  netWeightKg: z.string(), // 净重（千克） (netWeight), as filed
  totalValue: money, // 总价 (the lines' sum)
  currency: currencyRef, // 币制
});

/** 清单表体 / 报关单表体: one goods line. */
export const exportItemSchema = z.object({
  seq: z.number().int(), // 序号 (gnum)
  itemNo: z.string().nullable(), // 企业商品货号 (itemNo): the seller's SKU
  itemName: z.string(), // 企业商品名称 (itemName)
  hsCode: z.string(), // 商品编码 (gcode): 10 digits
  name: z.string(), // 商品名称 (gname)
  model: z.string().nullable(), // 规格型号 (gmodel): the declaration elements (申报要素)
  originCountry: countryRef, // 原产国（地区）
  destinationCountry: countryRef, // 最终目的国（地区） (country)
  quantity: z.string(), // 申报数量 (qty)
  unit: unitRef, // 申报计量单位 (unit)
  legalQuantity: z.string().nullable(), // 法定数量 (qty1)
  legalUnit: unitRef, // 法定计量单位 (unit1)
  secondQuantity: z.string().nullable(), // 第二数量 (qty2)
  secondUnit: unitRef.nullable(), // 第二计量单位 (unit2)
  unitPrice: money, // 单价 (price)
  totalPrice: money, // 总价 (totalPrice)
  currency: currencyRef, // 币制 (currency)
  netWeightG: z.number().int(), // 净重 of the line, grams
});

const buyerSchema = z.object({
  name: z.string().nullable(), // 收货人 / 境外采购商名称
  country: countryRef, // 收货人国家（地区）
  address: z.string().nullable(), // 收货人地址
  phone: z.string().nullable(), // 收货人电话
});

const orderItemSchema = z.object({
  seq: z.number().int(), // 商品序号 (gnum)
  itemNo: z.string().nullable(), // 企业商品货号 (itemNo)
  itemName: z.string(), // 企业商品名称 (itemName)
  unit: unitRef, // 计量单位 (unit)
  quantity: z.string(), // 数量 (qty)
  unitPrice: money, // 单价 (price)
  totalPrice: money, // 总价 (totalPrice)
});

/** 汇总申报: how the released lists are summed into the monthly customs declaration. */
const consolidationSchema = z.object({
  method: z.literal('清单核放、汇总申报'), // released list by list, declared in sum
  key: z.object({
    // 归并条件 (表头): lists that agree on these are summed into one declaration
    ecommerceCode: z.string().nullable(), // 收发货人 (the e-commerce enterprise)
    ownerCode: z.string().nullable(), // 生产销售单位
    transportMode: z.string().nullable(), // 运输方式
    arrivalCountry: z.string().nullable(), // 运抵国
    exitCustoms: z.string().nullable(), // 出境关别
  }),
  dueBy: z.string().nullable(), // 汇总申报期限: the 15th of the month after exit (holidays not applied)
});

/** The 9610 data set: the three lists, the export list and how it is summed later. */
export const export9610Schema = z.object({
  mode: z.literal('9610'), // 监管方式 跨境贸易电子商务
  reference: z.string(), // 企业内部编号 (copNo): the Silkline shipment
  declaredAt: z.string(), // 申报时间 (appTime), ISO instant
  enterprises: z.object({
    ecommerce: enterprise, // 电商企业 (ebc): the seller
    platform: enterprise, // 电商平台 (ebp)
    payment: enterprise, // 支付企业 (pay)
    logistics: enterprise, // 物流企业 (logistics): the international line-haul
    declarant: enterprise, // 申报企业 (agent): the export-clearance partner
    owner: enterprise, // 生产销售单位 (owner)
  }),
  order: z.object({
    // 电子订单 (CEB303), sent by the e-commerce enterprise
    orderNo: z.string(), // 订单编号 (orderNo)
    orderedAt: z.string(), // 下单时间
    goodsValue: money, // 商品价格 (goodsValue)
    freight: money, // 运杂费 (freight)
    currency: currencyRef, // 币制 (currency)
    buyer: buyerSchema, // 收货人
    items: z.array(orderItemSchema), // 订单表体
  }),
  receipt: z.object({
    // 收款单 (CEB403): the payment the e-commerce enterprise received
    orderNo: z.string(), // 订单编号
    transactionNo: z.string().nullable(), // 支付交易编号 (payNo)
    amount: money, // 收款金额 (charge)
    currency: currencyRef, // 币制
    paidAt: z.string().nullable(), // 到账时间 (accountingDate), ISO instant
  }),
  waybill: z.object({
    // 物流运单 (CEB505), sent by the logistics enterprise
    waybillNo: z.string().nullable(), // 物流运单编号 (logisticsNo)
    freight: money.nullable(), // 运费 (freight)
    insuredFee: money, // 保价费 (insuredFee)
    packages: z.number().int(), // 件数 (packNo)
    grossWeightG: z.number().int(), // 毛重 (grossWeight), grams
    goodsInfo: z.string(), // 主要货物信息 (goodsInfo)
  }),
  list: z.object({
    // 申报清单 (CEB603), filed by the declarant
    head: exportHeadSchema,
    items: z.array(exportItemSchema),
  }),
  consolidation: consolidationSchema,
  notes: z.array(z.string()), // 备注: what is approximated or filled later
});

const b2bEnterprises = z.object({
  exporter: enterprise, // 境内发货人 (the seller)
  owner: enterprise, // 生产销售单位
  declarant: enterprise, // 申报单位 (the export-clearance partner)
  logistics: enterprise, // 物流企业 (the international line-haul)
});

/** 9710: a B2B order exported straight to the foreign buyer. */
export const export9710Schema = z.object({
  mode: z.literal('9710'), // 监管方式 跨境电子商务企业对企业直接出口
  reference: z.string(), // 企业内部编号
  declaredAt: z.string(), // 申报时间
  channel: z.enum(['list', 'declaration-form']), // 申报清单 (≤ RMB 5,000) | 报关单
  valueCny: money.nullable(), // 单票金额（人民币）, for the threshold
  enterprises: b2bEnterprises,
  order: z.object({
    // 订单 (交易订单信息)
    orderNo: z.string(), // 订单编号
    orderedAt: z.string(), // 下单时间
    platform: enterprise, // 跨境电商平台
    buyer: buyerSchema, // 境外采购商
    goodsValue: money, // 订单金额
    currency: currencyRef, // 币制
  }),
  head: exportHeadSchema,
  items: z.array(exportItemSchema),
  notes: z.array(z.string()),
});

/** 9810: stock shipped to an overseas warehouse. */
export const export9810Schema = z.object({
  mode: z.literal('9810'), // 监管方式 跨境电子商务出口海外仓
  reference: z.string(), // 企业内部编号
  declaredAt: z.string(), // 申报时间
  channel: z.enum(['list', 'declaration-form']), // 申报清单 (≤ RMB 5,000) | 报关单
  valueCny: money.nullable(), // 单票金额（人民币）
  enterprises: b2bEnterprises,
  booking: z.object({
    // 订仓单 (海外仓订仓信息)
    bookingNo: z.string(), // 订仓单号
    warehouse: z.object({
      locationId: z.string().nullable(), // Silkline location id
      name: z.string().nullable(), // 海外仓名称
      country: countryRef, // 海外仓所在国（地区）
      city: z.string().nullable(), // 海外仓地址（城市）
      operator: enterprise, // 海外仓经营企业
      filingNo: z.string().nullable(), // 海外仓备案编号
    }),
  }),
  head: exportHeadSchema,
  items: z.array(exportItemSchema),
  notes: z.array(z.string()),
});

export const exportDeclarationSchema = z.discriminatedUnion('mode', [
  export9610Schema,
  export9710Schema,
  export9810Schema,
]);

export type Export9610 = z.infer<typeof export9610Schema>;
export type Export9710 = z.infer<typeof export9710Schema>;
export type Export9810 = z.infer<typeof export9810Schema>;
export type ExportDeclarationData = z.infer<typeof exportDeclarationSchema>;
export type ExportHead = z.infer<typeof exportHeadSchema>;
export type ExportItem = z.infer<typeof exportItemSchema>;
type Enterprise = z.infer<typeof enterprise>;
type Amount = z.infer<typeof money>;
type CountryRef = z.infer<typeof countryRef>;
type CurrencyRef = z.infer<typeof currencyRef>;
type Place = z.infer<typeof place>;

export const exportIssueSchema = z.object({
  path: z.string(), // the field's path in the data set, e.g. list.items[0].hsCode
  problem: z.enum(['missing', 'invalid', 'incomplete']),
  message: z.string(), // why, and where to fix it
});
export type ExportIssue = z.infer<typeof exportIssueSchema>;

export interface ExportDeclarationResult<T extends ExportDeclarationData = ExportDeclarationData> {
  readonly mode: T['mode'];
  readonly status: 'complete' | 'incomplete';
  readonly data: T;
  readonly issues: readonly ExportIssue[];
}

// ---------------------------------------------------------------------------------------------
// Inputs: plain shapes (the planner's Order and PlannedLeg fit them; customs does not import planning)

export interface ExportItemInput {
  readonly description: string;
  readonly hsCode: string;
  readonly quantity: number;
  readonly unitValue: Money;
  readonly originCountry: CountryCode;
  /** The item line's net weight in grams (all its units). */
  readonly weightG: number;
  readonly sku: string | null;
}

export interface ExportOrderInput {
  readonly id: string;
  readonly orderedAtMs: number;
  readonly buyer: {
    readonly country: CountryCode;
    readonly name?: string | undefined;
    readonly addressLines?: readonly string[] | undefined;
    readonly city?: string | undefined;
    readonly postcode?: string | undefined;
    readonly phone?: string | undefined;
  };
  readonly parcels: readonly {
    readonly weightG: number;
    readonly items: readonly ExportItemInput[];
  }[];
  readonly payment?:
    | {
        readonly provider: string;
        readonly transactionId: string;
        readonly paidAtMs: number | undefined;
      }
    | undefined;
  readonly platform?: string | undefined;
}

export interface ExportLegInput {
  readonly activities: readonly Activity[];
  readonly partnerId: string;
  readonly serviceId: string;
  /** A location id (or, for a bundle's far end, a country). */
  readonly from: string;
  readonly to: string;
  readonly cost?: Money | undefined;
  /** The planned departure: an ISO instant and the IANA zone of the place it leaves from. */
  readonly departure?: { readonly departs: string; readonly timezone: string } | null | undefined;
}

/** A partner as it appears on the filings, from the network. */
export interface ExportRouteParty {
  readonly partnerId: string;
  readonly name: string;
  readonly aeo: boolean;
  readonly serviceId: string;
  /** The service's mode when it is one of today's bundles (postal, express, …). */
  readonly mode: Mode | null;
  readonly transport: TransportMode | null;
}

/** What the chain says about the export: who declares, who carries, where and when goods leave. */
export interface ExportRoute {
  /** The export-clearance partner: the declarant (申报企业). */
  readonly clearance: ExportRouteParty | null;
  /** The international line-haul partner: the logistics enterprise (物流企业). */
  readonly linehaul: ExportRouteParty | null;
  readonly linehaulCost: Money | null;
  /** Where the goods leave China (the port of exit). */
  readonly exitGateway: Location | null;
  /** Where the line-haul lands (the port of destination). */
  readonly destinationGateway: Location | null;
  readonly departureAtMs: number | null;
  readonly departureTimezone: string | null;
}

export function hasExportClearance(legs: readonly ExportLegInput[]): boolean {
  return legs.some((l) => l.activities.includes('export-clearance'));
}

function partyOf(network: Network, leg: ExportLegInput | undefined): ExportRouteParty | null {
  if (!leg) return null;
  const partner = network.partners.get(leg.partnerId);
  const service = network.services.get(leg.serviceId);
  return {
    partnerId: leg.partnerId,
    name: partner?.name ?? leg.partnerId,
    aeo: partner?.aeo ?? false,
    serviceId: leg.serviceId,
    mode: service?.mode ?? null,
    transport: service?.transport ?? null,
  };
}

function gatewayAt(network: Network, id: string): Location | null {
  const location = network.locations.get(id);
  return location && isGatewayKind(location) ? location : null;
}

/**
 * The export side of a planned chain, or null when no leg clears export (warehouse stock). The
 * port of exit is where the export clearance (or the line-haul) starts; for a bundle that clears
 * and carries door to door, the gateway the set-up names for its service.
 */
export function resolveExportRoute(
  legs: readonly ExportLegInput[],
  network: Network,
  setup: CnExportSetup | null,
): ExportRoute | null {
  const clearanceLeg = legs.find((l) => l.activities.includes('export-clearance'));
  if (!clearanceLeg) return null;
  const linehaulLeg = legs.find((l) => l.activities.includes('international-linehaul'));
  const bundleGateway = setup?.bundles.get(clearanceLeg.serviceId)?.exitGateway;
  const exitGateway =
    gatewayAt(network, clearanceLeg.from) ??
    (linehaulLeg ? gatewayAt(network, linehaulLeg.from) : null) ??
    (bundleGateway !== undefined ? (network.locations.get(bundleGateway) ?? null) : null);
  const destination = linehaulLeg ? gatewayAt(network, linehaulLeg.to) : null;
  // A door-to-door bundle's schedule is its collection, not its departure from China.
  const carrierLeg = linehaulLeg ?? clearanceLeg;
  const fromDoor =
    carrierLeg.activities.includes('pickup') || carrierLeg.activities.includes('hub-handling');
  const departure = fromDoor ? null : (carrierLeg.departure ?? null);
  const departsMs = departure ? Date.parse(departure.departs) : NaN;
  return {
    clearance: partyOf(network, clearanceLeg),
    linehaul: partyOf(network, linehaulLeg),
    linehaulCost: linehaulLeg?.cost ?? null,
    exitGateway,
    destinationGateway:
      destination && destination.country !== network.originCountry ? destination : null,
    departureAtMs: Number.isFinite(departsMs) ? departsMs : null,
    departureTimezone: departure?.timezone ?? exitGateway?.timezone ?? null,
  };
}

/** 9810 for stock sent to an overseas warehouse, 9710 for a B2B order, else 9610 (B2C parcels). */
export function exportModeFor(
  shipment:
    | { readonly kind: 'order'; readonly b2b?: boolean }
    | { readonly kind: 'warehouse-replenishment' },
): CbecExportMode {
  if (shipment.kind === 'warehouse-replenishment') return '9810';
  return shipment.b2b ? '9710' : '9610';
}

// ---------------------------------------------------------------------------------------------
// Building blocks

interface Context {
  readonly codes: CnExportCodes;
  readonly setup: CnExportSetup | null;
  readonly notes: string[];
}

function note(ctx: Context, text: string): void {
  if (!ctx.notes.includes(text)) ctx.notes.push(text);
}

function countryRefOf(codes: CnExportCodes, iso2: string): CountryRef {
  const c = codes.countries.get(iso2);
  return { iso2, customsCode: c?.code ?? null, iso3: c?.iso3 ?? null };
}

function currencyRefOf(codes: CnExportCodes, iso: string): CurrencyRef {
  return { iso, customsCode: codes.currencies.get(iso)?.code ?? null };
}

function unitRefOf(codes: CnExportCodes, code: string): z.infer<typeof unitRef> {
  return { code, zh: codes.units.get(code)?.zh ?? null };
}

function placeOf(location: Location | null): Place {
  return {
    locationId: location?.id ?? null,
    name: location?.name ?? null,
    country: location?.country ?? null,
    iata: location?.iata ?? null,
    unlocode: location?.unlocode ?? null,
  };
}

const NO_ENTERPRISE: Enterprise = {
  customsCode: null,
  creditCode: null,
  name: null,
  aeo: null,
  partnerId: null,
  serviceId: null,
};

function sellerEnterprise(seller: SellerProfile | null): Enterprise {
  if (!seller) return NO_ENTERPRISE;
  return {
    customsCode: seller.exporter.customsCode,
    creditCode: seller.exporter.creditCode,
    name: seller.party.name,
    aeo: seller.exporter.aeo,
    partnerId: null,
    serviceId: null,
  };
}

function partnerEnterprise(ctx: Context, party: ExportRouteParty | null): Enterprise {
  if (!party) return NO_ENTERPRISE;
  return {
    customsCode: ctx.setup?.partners.get(party.partnerId)?.customsCode ?? null,
    creditCode: null,
    name: party.name,
    aeo: party.aeo,
    partnerId: party.partnerId,
    serviceId: party.serviceId,
  };
}

/** An exact quantity as the messages write it: up to 5 decimals (N19,5), rounded half up beyond. */
function decimalText(x: Exact): string {
  try {
    return formatDecimal(x, 5);
  } catch {
    const scaled = roundHalfUp(mulInt(x, 100_000n));
    return formatDecimal({ n: scaled, d: 100_000n }, 5);
  }
}

const gramsToKg = (g: number): string => decimalText({ n: BigInt(g), d: 1000n });

function localDate(atMs: number, timeZone: string): string {
  const t = toLocal(atMs, timeZone);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** The quantity of an item line in a unit, or null when the order cannot say it (length, volume …). */
function quantityIn(unit: CnUnit | undefined, quantity: number, netWeightG: number): string | null {
  if (!unit?.perBase) return null;
  if (unit.kind === 'mass')
    return decimalText({ n: BigInt(netWeightG) * unit.perBase.d, d: unit.perBase.n });
  if (unit.kind === 'count')
    return decimalText({ n: BigInt(quantity) * unit.perBase.d, d: unit.perBase.n });
  return null;
}

function lineOf(ctx: Context, item: ExportItemInput, seq: number, destination: string): ExportItem {
  const { codes } = ctx;
  const hsCode = normalizeHsCode(item.hsCode);
  const legal = legalUnitsFor(codes, hsCode);
  const first = legal ? codes.units.get(legal.first) : undefined;
  // The declared unit is the legal first unit when that counts pieces; otherwise the seller's
  // pieces (个) beside the legal quantity (kilograms for most small goods).
  const declaredCode = first?.kind === 'count' ? first.code : codes.defaultDeclaredUnit;
  const declared = codes.units.get(declaredCode);
  const legalCode = legal?.first ?? declaredCode;
  if (!legal)
    note(
      ctx,
      `list.items[${seq - 1}].legalUnit: the legal unit of ${hsCode} is not held (data/customs/cn-units.yaml); the declared unit ${declaredCode} ${declared?.zh ?? ''} stands in and must be checked against the tariff`,
    );
  const total = item.unitValue.amount * item.quantity;
  return {
    seq,
    itemNo: item.sku,
    itemName: item.description,
    hsCode,
    name: item.description,
    model: item.sku ? `${item.description} (${item.sku})` : item.description,
    originCountry: countryRefOf(codes, item.originCountry),
    destinationCountry: countryRefOf(codes, destination),
    quantity: quantityIn(declared, item.quantity, item.weightG) ?? String(item.quantity),
    unit: unitRefOf(codes, declaredCode),
    legalQuantity: quantityIn(codes.units.get(legalCode), item.quantity, item.weightG),
    legalUnit: unitRefOf(codes, legalCode),
    secondQuantity: legal?.second
      ? quantityIn(codes.units.get(legal.second), item.quantity, item.weightG)
      : null,
    secondUnit: legal?.second ? unitRefOf(codes, legal.second) : null,
    unitPrice: { amount: item.unitValue.amount, currency: item.unitValue.currency },
    totalPrice: { amount: total, currency: item.unitValue.currency },
    currency: currencyRefOf(codes, item.unitValue.currency),
    netWeightG: item.weightG,
  };
}

interface HeadInput {
  readonly mode: CbecExportMode;
  readonly route: ExportRoute;
  /** The buyer's country (9610, 9710) or the warehouse's (9810). */
  readonly destination: string;
  readonly packages: number;
  readonly grossWeightG: number;
  readonly items: readonly ExportItem[];
}

function headOf(ctx: Context, input: HeadInput): ExportHead {
  const { codes, setup } = ctx;
  const { route } = input;
  const gateway = route.exitGateway ? setup?.gateways.get(route.exitGateway.id) : undefined;
  const transport = route.linehaul?.transport ?? route.clearance?.transport ?? null;
  const mode = route.linehaul?.mode ?? route.clearance?.mode ?? null;
  let transportMode: string | null = null;
  if (gateway?.transportMode) transportMode = gateway.transportMode;
  else if (mode === 'postal') {
    transportMode =
      [...codes.transportModes.values()].find((t) => t.zh === '邮件运输')?.code ?? null;
    note(
      ctx,
      'list.head.transportMode: a postal bundle is declared as 邮件运输 (post); some customs expect the carrying mode (航空运输) for postal 9610 lists: confirm with the declaring customs',
    );
  } else if (transport)
    transportMode =
      [...codes.transportModes.values()].find((t) => t.transport === transport)?.code ?? null;
  const netWeightG = input.items.reduce((s, i) => s + i.netWeightG, 0);
  const currency = input.items[0]?.unitPrice.currency ?? 'CNY';
  const sameCurrency = input.items.every((i) => i.unitPrice.currency === currency);
  const totalValue = sameCurrency ? input.items.reduce((s, i) => s + i.totalPrice.amount, 0) : 0;
  const arrival = gateway?.arrivalCountry ?? input.destination;
  let exitDate: string | null = null;
  if (route.departureAtMs !== null && route.departureTimezone !== null)
    exitDate = localDate(route.departureAtMs, route.departureTimezone);
  else
    note(
      ctx,
      'list.head.exitDate: the chain keeps no scheduled departure; the exit date (出口日期) is filled when the goods leave',
    );
  note(
    ctx,
    'list.head.transportName, voyageNo, billNo: the flight or voyage and the master waybill (运输工具, 航次, 提运单号) are known at departure and filed then (运抵/离境)',
  );
  if (!route.destinationGateway)
    note(
      ctx,
      `list.head.portOfDestination: the line-haul does not name its landing gateway (a bundle); the country of arrival ${arrival} stands in for the port of destination (指运港)`,
    );
  else
    note(
      ctx,
      'list.head.portOfDestination: given as IATA or UN/LOCODE; China customs writes 指运港 in its own port code table, which is not held',
    );
  return {
    declarationCustoms: gateway?.declarationCustoms ?? null,
    exitCustoms: gateway?.exitCustoms ?? null,
    exitDate,
    tradeMode: input.mode,
    transportMode,
    transportName: null,
    voyageNo: null,
    billNo: null,
    supervisedSite: gateway?.supervisedSite ?? null,
    arrivalCountry: countryRefOf(codes, arrival),
    portOfExit: placeOf(route.exitGateway),
    portOfDestination: placeOf(route.destinationGateway),
    packages: input.packages,
    grossWeightG: input.grossWeightG,
    netWeightG,
    grossWeightKg: gramsToKg(input.grossWeightG),
    netWeightKg: gramsToKg(netWeightG),
    totalValue: { amount: totalValue, currency },
    currency: currencyRefOf(codes, currency),
  };
}

function itemsOfOrder(order: ExportOrderInput): ExportItemInput[] {
  return order.parcels.flatMap((p) => p.items);
}

function buyerOf(codes: CnExportCodes, buyer: ExportOrderInput['buyer']) {
  const address = [...(buyer.addressLines ?? []), buyer.postcode, buyer.city]
    .filter((p): p is string => p !== undefined && p !== '')
    .join(', ');
  return {
    name: buyer.name ?? null,
    country: countryRefOf(codes, buyer.country),
    address: address === '' ? null : address,
    phone: buyer.phone ?? null,
  };
}

function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The 15th of the month after the exit date (the monthly summary's deadline, holidays aside). */
function summaryDue(exitDate: string | null): string | null {
  if (!exitDate) return null;
  const [y, m] = exitDate.split('-').map(Number) as [number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-15`;
}

function finish<T extends ExportDeclarationData>(
  data: T,
  validation: ValidationContext,
): ExportDeclarationResult<T> {
  const issues = validateExportDeclaration(data, validation);
  return {
    mode: data.mode,
    status: issues.length === 0 ? 'complete' : 'incomplete',
    data,
    issues,
  };
}

function standardNotes(ctx: Context): void {
  note(
    ctx,
    'list.items[].name: goods names are as the seller wrote them; China customs expects the standard Chinese goods name (规范申报)',
  );
  note(
    ctx,
    'list.items[].model: the declaration elements (申报要素) of each commodity code are approximated by the description and SKU',
  );
}

// ---------------------------------------------------------------------------------------------
// 9610

export interface Build9610Input {
  readonly order: ExportOrderInput;
  readonly route: ExportRoute;
  /** The line-haul booking's reference: the waybill number (物流运单编号). */
  readonly waybillNo: string | null;
  readonly seller: SellerProfile | null;
  readonly codes: CnExportCodes;
  readonly setup: CnExportSetup | null;
  readonly declaredAtMs: number;
  /** The integrator's own reference for the filing (企业内部编号): the shipment id. */
  readonly reference: string;
  /** With the HS nomenclature, each code's 6-digit subheading is checked against HS 2022. */
  readonly hs?: HsNomenclature | undefined;
}

/** The 9610 data set of a B2C order: order, receipt, waybill, export list, with every gap listed. */
export function build9610(input: Build9610Input): ExportDeclarationResult<Export9610> {
  const ctx: Context = { codes: input.codes, setup: input.setup, notes: [] };
  const { order, route, codes } = input;
  const items = itemsOfOrder(order).map((item, i) => lineOf(ctx, item, i + 1, order.buyer.country));
  const head = headOf(ctx, {
    mode: '9610',
    route,
    destination: order.buyer.country,
    packages: order.parcels.length,
    grossWeightG: order.parcels.reduce((s, p) => s + p.weightG, 0),
    items,
  });
  const ecommerce = sellerEnterprise(input.seller);
  const platformName = order.platform ?? null;
  // An overseas marketplace has no China customs code: the e-commerce enterprise's stands in.
  const platform: Enterprise = {
    ...NO_ENTERPRISE,
    name: platformName,
    customsCode: ecommerce.customsCode,
  };
  if (platformName !== null)
    note(
      ctx,
      `enterprises.platform.customsCode: ${platformName} is taken as an overseas platform without a China customs registration; the e-commerce enterprise's code stands in`,
    );
  const payment: Enterprise = { ...NO_ENTERPRISE, name: order.payment?.provider ?? null };
  if (order.payment)
    note(
      ctx,
      'enterprises.payment.customsCode: the payment enterprise is named, not coded; an overseas payment institution has no China customs code',
    );
  const owner: Enterprise = { ...ecommerce };
  note(
    ctx,
    'enterprises.owner: the seller is taken as the producer or seller of the goods (生产销售单位)',
  );
  const currency = head.currency;
  note(
    ctx,
    'order.freight: the freight the buyer paid is not known to Silkline: declared as 0 (goods value only)',
  );
  note(
    ctx,
    'receipt.amount: the amount received is taken as the goods value; the order total with freight is not known',
  );
  if (route.linehaulCost)
    note(ctx, "waybill.freight: the line-haul partner's planned price for the leg");
  standardNotes(ctx);
  const zero = { amount: 0, currency: head.totalValue.currency };
  const data: Export9610 = {
    mode: '9610',
    reference: input.reference,
    declaredAt: isoInstant(input.declaredAtMs),
    enterprises: {
      ecommerce,
      platform,
      payment,
      logistics: partnerEnterprise(ctx, route.linehaul),
      declarant: partnerEnterprise(ctx, route.clearance),
      owner,
    },
    order: {
      orderNo: order.id,
      orderedAt: isoInstant(order.orderedAtMs),
      goodsValue: head.totalValue,
      freight: zero,
      currency,
      buyer: buyerOf(codes, order.buyer),
      items: items.map((i) => ({
        seq: i.seq,
        itemNo: i.itemNo,
        itemName: i.itemName,
        unit: i.unit,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        totalPrice: i.totalPrice,
      })),
    },
    receipt: {
      orderNo: order.id,
      transactionNo: order.payment?.transactionId ?? null,
      amount: head.totalValue,
      currency,
      paidAt: order.payment?.paidAtMs !== undefined ? isoInstant(order.payment.paidAtMs) : null,
    },
    waybill: {
      waybillNo: input.waybillNo,
      freight: route.linehaulCost
        ? { amount: route.linehaulCost.amount, currency: route.linehaulCost.currency }
        : null,
      insuredFee: zero,
      packages: head.packages,
      grossWeightG: head.grossWeightG,
      goodsInfo: [...new Set(items.map((i) => i.itemName))].join('; '),
    },
    list: { head, items },
    consolidation: {
      method: '清单核放、汇总申报',
      key: {
        ecommerceCode: ecommerce.customsCode,
        ownerCode: owner.customsCode,
        transportMode: head.transportMode,
        arrivalCountry: head.arrivalCountry.customsCode,
        exitCustoms: head.exitCustoms,
      },
      dueBy: summaryDue(head.exitDate),
    },
    notes: ctx.notes,
  };
  return finish(data, { codes, setup: input.setup, hs: input.hs });
}

// ---------------------------------------------------------------------------------------------
// 9710 and 9810

interface B2bCommon {
  readonly route: ExportRoute;
  readonly seller: SellerProfile | null;
  readonly codes: CnExportCodes;
  readonly setup: CnExportSetup | null;
  readonly declaredAtMs: number;
  readonly reference: string;
  /** FX to convert the value to CNY for the RMB 5,000 threshold (the network's table). */
  readonly fx?: FxTable | undefined;
  /** Goods needing a licence or inspection, or an export tax refund, go on a declaration form. */
  readonly declarationForm?: boolean | undefined;
  readonly hs?: HsNomenclature | undefined;
}

export interface Build9710Input extends B2bCommon {
  /** The B2B order: the buyer is the foreign enterprise (its name is required). */
  readonly order: ExportOrderInput;
}

/** Stock sent to an overseas warehouse: a replenishment of the seller's stock there. */
export interface WarehouseReplenishment {
  /** The booking of warehouse space (订仓单) or the integrator's reference for it. */
  readonly id: string;
  readonly items: readonly ExportItemInput[];
  readonly packages: number;
  readonly grossWeightG: number;
  readonly warehouse: Location;
  readonly operator: { readonly partnerId: string; readonly name: string } | null;
  /** The overseas warehouse's filing with China customs (海外仓备案编号). */
  readonly filingNo: string | null;
}

export interface Build9810Input extends B2bCommon {
  readonly replenishment: WarehouseReplenishment;
}

function b2bChannel(
  ctx: Context,
  input: B2bCommon,
  total: Amount,
): { channel: 'list' | 'declaration-form'; valueCny: Amount | null } {
  let valueCny: Amount | null = null;
  if (total.currency === 'CNY') valueCny = { ...total };
  else if (input.fx) {
    const factor = fxFactor(
      input.fx,
      asCurrencyCode(total.currency),
      asCurrencyCode('CNY'),
      input.declaredAtMs,
    );
    if (factor.ok)
      valueCny = roundToMinorUnits(
        mul(exactFromInteger(total.amount), factor.value),
        asCurrencyCode('CNY'),
      );
  }
  const over = valueCny !== null && valueCny.amount > B2B_LIST_LIMIT_CNY_MINOR;
  const channel = input.declarationForm || over ? 'declaration-form' : 'list';
  note(
    ctx,
    channel === 'list'
      ? 'channel: up to RMB 5,000 a ticket, without licences, inspection or export tax refund, the goods go on an export list (申报清单); otherwise on a customs declaration form (报关单)'
      : 'channel: over RMB 5,000, or with licences, inspection or an export tax refund: a customs declaration form (报关单) is filed',
  );
  return { channel, valueCny };
}

function b2bEnterprisesOf(ctx: Context, input: B2bCommon) {
  const exporter = sellerEnterprise(input.seller);
  note(
    ctx,
    'enterprises.owner: the seller is taken as the producer or seller of the goods (生产销售单位)',
  );
  return {
    exporter,
    owner: { ...exporter },
    declarant: partnerEnterprise(ctx, input.route.clearance),
    logistics: partnerEnterprise(ctx, input.route.linehaul),
  };
}

/** The 9710 data set of a B2B order shipped straight to the foreign buyer. */
export function build9710(input: Build9710Input): ExportDeclarationResult<Export9710> {
  const ctx: Context = { codes: input.codes, setup: input.setup, notes: [] };
  const { order, codes } = input;
  const items = itemsOfOrder(order).map((item, i) => lineOf(ctx, item, i + 1, order.buyer.country));
  const head = headOf(ctx, {
    mode: '9710',
    route: input.route,
    destination: order.buyer.country,
    packages: order.parcels.length,
    grossWeightG: order.parcels.reduce((s, p) => s + p.weightG, 0),
    items,
  });
  const { channel, valueCny } = b2bChannel(ctx, input, head.totalValue);
  standardNotes(ctx);
  const data: Export9710 = {
    mode: '9710',
    reference: input.reference,
    declaredAt: isoInstant(input.declaredAtMs),
    channel,
    valueCny,
    enterprises: b2bEnterprisesOf(ctx, input),
    order: {
      orderNo: order.id,
      orderedAt: isoInstant(order.orderedAtMs),
      platform: { ...NO_ENTERPRISE, name: order.platform ?? null },
      buyer: buyerOf(codes, order.buyer),
      goodsValue: head.totalValue,
      currency: head.currency,
    },
    head,
    items,
    notes: ctx.notes,
  };
  return finish(data, { codes, setup: input.setup, hs: input.hs, fxGiven: input.fx !== undefined });
}

/** The 9810 data set of stock shipped to an overseas warehouse filed with customs. */
export function build9810(input: Build9810Input): ExportDeclarationResult<Export9810> {
  const ctx: Context = { codes: input.codes, setup: input.setup, notes: [] };
  const { replenishment: r, codes } = input;
  const country = r.warehouse.country;
  const items = r.items.map((item, i) => lineOf(ctx, item, i + 1, country));
  const head = headOf(ctx, {
    mode: '9810',
    route: input.route,
    destination: country,
    packages: r.packages,
    grossWeightG: r.grossWeightG,
    items,
  });
  const { channel, valueCny } = b2bChannel(ctx, input, head.totalValue);
  standardNotes(ctx);
  const data: Export9810 = {
    mode: '9810',
    reference: input.reference,
    declaredAt: isoInstant(input.declaredAtMs),
    channel,
    valueCny,
    enterprises: b2bEnterprisesOf(ctx, input),
    booking: {
      bookingNo: r.id,
      warehouse: {
        locationId: r.warehouse.id,
        name: r.warehouse.name,
        country: countryRefOf(codes, country),
        city: r.warehouse.city,
        operator: r.operator
          ? { ...NO_ENTERPRISE, name: r.operator.name, partnerId: r.operator.partnerId }
          : NO_ENTERPRISE,
        filingNo: r.filingNo,
      },
    },
    head,
    items,
    notes: ctx.notes,
  };
  return finish(data, { codes, setup: input.setup, hs: input.hs, fxGiven: input.fx !== undefined });
}

// ---------------------------------------------------------------------------------------------
// The completeness validator

export interface ValidationContext {
  readonly codes: CnExportCodes;
  readonly setup: CnExportSetup | null;
  /** With the nomenclature, each code's HS subheading is checked; without, only its shape. */
  readonly hs?: HsNomenclature | undefined;
  /** Whether an FX table was given (9710/9810: the RMB threshold needs it for foreign currencies). */
  readonly fxGiven?: boolean | undefined;
}

const CUSTOMS_CODE = /^[0-9A-Z]{10}$/;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const CUSTOMS_DISTRICT = /^\d{4}$/;
const SETUP_FILE = 'data/customs/cn-export-network.yaml';
const COUNTRY_FILE = 'data/customs/cn-country-codes.yaml';
const CODES_FILE = 'data/customs/cn-export-codes.yaml';
const UNITS_FILE = 'data/customs/cn-units.yaml';

class Issues {
  readonly list: ExportIssue[] = [];
  add(path: string, problem: ExportIssue['problem'], message: string): void {
    if (!this.list.some((i) => i.path === path)) this.list.push({ path, problem, message });
  }
}

function setupFile(ctx: ValidationContext): string {
  return ctx.setup?.file ?? SETUP_FILE;
}

function checkPartner(
  out: Issues,
  ctx: ValidationContext,
  path: string,
  e: Enterprise,
  role: string,
  missingPartner: string,
): void {
  if (e.partnerId === null) {
    out.add(`${path}.name`, 'missing', `${role}: ${missingPartner}`);
    return;
  }
  if (e.customsCode === null)
    out.add(
      `${path}.customsCode`,
      'missing',
      `${role}: the China customs registration code (海关注册编码) of partner ${e.partnerId} is not configured: set partners.${e.partnerId}.customsCode in ${setupFile(ctx)}`,
    );
  else if (!CUSTOMS_CODE.test(e.customsCode))
    out.add(
      `${path}.customsCode`,
      'invalid',
      `${role}: "${e.customsCode}" is not a 10-character China customs registration code`,
    );
}

function checkExporter(
  out: Issues,
  path: string,
  e: Enterprise,
  role: string,
  needCreditCode: boolean,
): void {
  if (e.name === null) {
    out.add(
      `${path}.name`,
      'missing',
      `${role}: the seller has no profile, so the enterprise is unknown: the seller sets it with PUT /v1/seller/profile`,
    );
    return;
  }
  if (e.customsCode === null)
    out.add(
      `${path}.customsCode`,
      'missing',
      `${role}: the China customs registration code (海关注册编码, 10 characters) is missing from the seller profile: set exporter.customsCode (PUT /v1/seller/profile)`,
    );
  else if (!CUSTOMS_CODE.test(e.customsCode))
    out.add(
      `${path}.customsCode`,
      'invalid',
      `${role}: "${e.customsCode}" is not a 10-character China customs registration code`,
    );
  if (needCreditCode && e.creditCode === null)
    out.add(
      `${path}.creditCode`,
      'missing',
      `${role}: a customs declaration form (报关单) names the exporter by its unified social credit code (统一社会信用代码, 18 characters): set exporter.creditCode in the seller profile`,
    );
  else if (e.creditCode !== null && !CREDIT_CODE.test(e.creditCode))
    out.add(
      `${path}.creditCode`,
      'invalid',
      `${role}: "${e.creditCode}" is not an 18-character unified social credit code`,
    );
}

function checkCountry(out: Issues, path: string, c: CountryRef, what: string): void {
  if (c.customsCode === null)
    out.add(
      `${path}.customsCode`,
      'missing',
      `${what}: no China customs country code for ${c.iso2} in ${COUNTRY_FILE}`,
    );
}

function checkCurrency(out: Issues, path: string, c: CurrencyRef): void {
  if (c.customsCode === null)
    out.add(
      `${path}.customsCode`,
      'missing',
      `币制 (currency): ${c.iso} has no China customs currency code in ${CODES_FILE}; declare in CNY or USD, or add the code`,
    );
}

function checkHead(
  out: Issues,
  ctx: ValidationContext,
  base: string,
  head: ExportHead,
  e: { clearance: Enterprise; logistics: Enterprise },
): void {
  const p = (f: string) => `${base}.${f}`;
  const gateway = head.portOfExit.locationId;
  if (gateway === null) {
    const service = e.clearance.serviceId ?? e.logistics.serviceId;
    out.add(
      p('portOfExit.locationId'),
      'missing',
      service
        ? `离境口岸 (port of exit): service ${service} clears and carries as a bundle and the network does not say where its goods leave China: set bundles.${service}.exitGateway in ${setupFile(ctx)}`
        : '离境口岸 (port of exit): the chain has no export gateway',
    );
  } else {
    const configured = ctx.setup?.gateways.has(gateway) ?? false;
    const missing = (field: 'declarationCustoms' | 'exitCustoms', zh: string) => {
      const value = head[field];
      if (value === null)
        out.add(
          p(field),
          'missing',
          configured
            ? `${zh}: the customs code of gateway ${gateway} is not configured (null): set gateways.${gateway}.${field} in ${setupFile(ctx)}`
            : `${zh}: gateway ${gateway} is not in the export set-up: add gateways.${gateway} to ${setupFile(ctx)}`,
        );
      else if (!CUSTOMS_DISTRICT.test(value))
        out.add(p(field), 'invalid', `${zh}: "${value}" is not a 4-digit customs code`);
    };
    missing('declarationCustoms', '申报地海关 (declaration customs)');
    missing('exitCustoms', '出境关别 (exit customs)');
  }
  if (head.exitDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(head.exitDate))
    out.add(
      p('exitDate'),
      'invalid',
      `出口日期 (exit date): "${head.exitDate}" is not a date YYYY-MM-DD`,
    );
  if (head.transportMode === null)
    out.add(
      p('transportMode'),
      'missing',
      `运输方式 (transport mode): the line-haul service ${e.logistics.serviceId ?? e.clearance.serviceId ?? '(none)'} has no transport mode: set its transport in the network, or gateways.${gateway ?? '…'}.transportMode in ${setupFile(ctx)}`,
    );
  else if (!ctx.codes.transportModes.has(head.transportMode))
    out.add(
      p('transportMode'),
      'invalid',
      `运输方式: "${head.transportMode}" is not a transport mode code of ${CODES_FILE}`,
    );
  checkCountry(out, p('arrivalCountry'), head.arrivalCountry, '运抵国 (country of arrival)');
  if (!Number.isInteger(head.packages) || head.packages < 1)
    out.add(
      p('packages'),
      'invalid',
      `件数 (packages): ${head.packages} must be a whole number of at least 1`,
    );
  if (!(head.grossWeightG > 0))
    out.add(p('grossWeightG'), 'invalid', '毛重 (gross weight) must be more than 0 g');
  if (!(head.netWeightG > 0))
    out.add(
      p('netWeightG'),
      'invalid',
      '净重 (net weight) must be more than 0 g: give each item its weight',
    );
  else if (head.netWeightG > head.grossWeightG)
    out.add(
      p('netWeightG'),
      'invalid',
      `净重 (net weight) ${head.netWeightG} g is more than the gross weight ${head.grossWeightG} g: the items weigh more than their parcels`,
    );
  checkCurrency(out, p('currency'), head.currency);
}

function checkItems(
  out: Issues,
  ctx: ValidationContext,
  base: string,
  items: readonly ExportItem[],
): void {
  if (items.length === 0) {
    out.add(base, 'missing', 'the data set has no goods lines');
    return;
  }
  const mixed = new Set(items.map((i) => i.unitPrice.currency));
  if (mixed.size > 1)
    out.add(
      `${base}[].currency`,
      'invalid',
      `币制: the items are priced in ${[...mixed].join(' and ')}; one list or declaration has one currency`,
    );
  items.forEach((item, i) => {
    const p = (f: string) => `${base}[${i}].${f}`;
    const code = item.hsCode;
    if (!/^\d+$/.test(code) || ![6, 8, 10].includes(code.length))
      out.add(
        p('hsCode'),
        'invalid',
        `商品编码 (commodity code): "${code}" is not an HS code of 6, 8 or 10 digits`,
      );
    else {
      if (ctx.hs) {
        const check = checkHsCode(ctx.hs, code, { country: 'CN' });
        if (!check.ok)
          out.add(p('hsCode'), 'invalid', `商品编码 (commodity code): ${check.message}`);
      }
      if (code.length < 10)
        out.add(
          p('hsCode'),
          'incomplete',
          `商品编码 (commodity code): ${code} has ${code.length} digits; China's export list needs the 10-digit commodity code: complete the national digits of the item's hsCode`,
        );
    }
    if (item.itemName.trim() === '')
      out.add(
        p('itemName'),
        'missing',
        '企业商品名称 (item name) is empty: give the item a description',
      );
    if (!(Number(item.quantity) > 0))
      out.add(
        p('quantity'),
        'invalid',
        `申报数量 (quantity) "${item.quantity}" must be more than 0`,
      );
    if (!ctx.codes.units.has(item.unit.code))
      out.add(
        p('unit.code'),
        'invalid',
        `申报计量单位: "${item.unit.code}" is not a unit of ${UNITS_FILE}`,
      );
    if (!ctx.codes.units.has(item.legalUnit.code))
      out.add(
        p('legalUnit.code'),
        'invalid',
        `法定计量单位: "${item.legalUnit.code}" is not a unit of ${UNITS_FILE}`,
      );
    else if (item.legalQuantity === null)
      out.add(
        p('legalQuantity'),
        'missing',
        `法定数量 (legal quantity) in ${item.legalUnit.code} ${item.legalUnit.zh ?? ''} cannot be derived from the order (it counts pieces and grams)`,
      );
    if (item.secondUnit !== null && item.secondQuantity === null)
      out.add(
        p('secondQuantity'),
        'missing',
        `第二数量 (second quantity) in ${item.secondUnit.code} ${item.secondUnit.zh ?? ''} cannot be derived from the order`,
      );
    if (!(item.netWeightG > 0))
      out.add(p('netWeightG'), 'invalid', '净重 (net weight) of the item must be more than 0 g');
    if (!Number.isInteger(item.unitPrice.amount) || item.unitPrice.amount <= 0)
      out.add(
        p('unitPrice.amount'),
        'invalid',
        '单价 (unit price) must be more than 0: goods are declared at their value',
      );
    checkCountry(
      out,
      p('destinationCountry'),
      item.destinationCountry,
      '最终目的国 (country of final destination)',
    );
    checkCountry(out, p('originCountry'), item.originCountry, '原产国 (country of origin)');
  });
}

/**
 * Every missing or invalid field of a data set, with its path and the reason (and where to fix
 * it). Empty when the data set is complete for filing before departure; the flight or voyage and
 * the master waybill are filed at departure and not asked for here.
 */
export function validateExportDeclaration(
  data: ExportDeclarationData,
  ctx: ValidationContext,
): ExportIssue[] {
  const out = new Issues();
  if (data.mode === '9610') {
    const e = data.enterprises;
    checkExporter(
      out,
      'enterprises.ecommerce',
      e.ecommerce,
      '电商企业 (e-commerce enterprise)',
      false,
    );
    if (e.platform.name === null)
      out.add(
        'enterprises.platform.name',
        'missing',
        "电商平台 (e-commerce platform): the order names no platform: set the order's platform",
      );
    if (e.payment.name === null)
      out.add(
        'enterprises.payment.name',
        'missing',
        "支付企业 (payment enterprise): a 9610 order needs its payment: set the order's payment.provider",
      );
    if (data.receipt.transactionNo === null)
      out.add(
        'receipt.transactionNo',
        'missing',
        "支付交易编号 (payment transaction): a 9610 order needs the payment transaction: set the order's payment.transactionId",
      );
    if (data.receipt.paidAt === null)
      out.add(
        'receipt.paidAt',
        'missing',
        "到账时间 (time of payment): set the order's payment.paidAt",
      );
    checkPartner(
      out,
      ctx,
      'enterprises.logistics',
      e.logistics,
      '物流企业 (logistics enterprise)',
      'the chain has no international line-haul',
    );
    checkPartner(
      out,
      ctx,
      'enterprises.declarant',
      e.declarant,
      '申报企业 (declarant)',
      'the chain has no export clearance',
    );
    if (data.waybill.waybillNo === null)
      out.add(
        'waybill.waybillNo',
        'missing',
        `物流运单编号 (waybill number): the line-haul leg${e.logistics.partnerId ? ` with ${e.logistics.partnerId}` : ''} has no booking reference yet`,
      );
    checkCountry(
      out,
      'order.buyer.country',
      data.order.buyer.country,
      '收货人国家 (buyer country)',
    );
    checkHead(out, ctx, 'list.head', data.list.head, {
      clearance: e.declarant,
      logistics: e.logistics,
    });
    checkItems(out, ctx, 'list.items', data.list.items);
    return out.list;
  }
  const e = data.enterprises;
  checkExporter(
    out,
    'enterprises.exporter',
    e.exporter,
    '境内发货人 (exporter)',
    data.channel === 'declaration-form',
  );
  checkPartner(
    out,
    ctx,
    'enterprises.logistics',
    e.logistics,
    '物流企业 (logistics enterprise)',
    'the chain has no international line-haul',
  );
  checkPartner(
    out,
    ctx,
    'enterprises.declarant',
    e.declarant,
    '申报单位 (declarant)',
    'the chain has no export clearance',
  );
  if (data.valueCny === null)
    out.add(
      'valueCny',
      'missing',
      ctx.fxGiven
        ? `单票金额 (value in RMB): no FX rate converts ${data.head.totalValue.currency} to CNY on ${data.declaredAt.slice(0, 10)}: the RMB 5,000 threshold between list and declaration form cannot be checked`
        : `单票金额 (value in RMB): no FX table was given to convert ${data.head.totalValue.currency} to CNY for the RMB 5,000 threshold`,
    );
  if (data.mode === '9710') {
    if (data.order.platform.name === null)
      out.add(
        'order.platform.name',
        'missing',
        "跨境电商平台 (platform): a 9710 export is an order placed on a cross-border e-commerce platform: set the order's platform",
      );
    if (data.order.buyer.name === null)
      out.add(
        'order.buyer.name',
        'missing',
        "境外采购商 (foreign buyer): a B2B order names the buying enterprise: set the order's buyer.name",
      );
    checkCountry(
      out,
      'order.buyer.country',
      data.order.buyer.country,
      '境外采购商国家 (buyer country)',
    );
  } else {
    const w = data.booking.warehouse;
    if (w.filingNo === null)
      out.add(
        'booking.warehouse.filingNo',
        'missing',
        `海外仓备案编号 (overseas warehouse filing): ${w.locationId ?? 'the warehouse'} has no filing number: the exporter files the overseas warehouse with customs before 9810 exports`,
      );
    checkCountry(out, 'booking.warehouse.country', w.country, '海外仓所在国 (warehouse country)');
    if (w.country.iso2 === 'CN')
      out.add(
        'booking.warehouse.country.iso2',
        'invalid',
        `海外仓 (overseas warehouse): ${w.locationId ?? 'the warehouse'} is in China; 9810 is for stock sent to a warehouse abroad`,
      );
  }
  checkHead(out, ctx, 'head', data.head, { clearance: e.declarant, logistics: e.logistics });
  checkItems(out, ctx, 'items', data.items);
  return out.list;
}
