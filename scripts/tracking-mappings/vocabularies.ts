// Code vocabularies of the demo partners, and the UPU EMSEVT table. The partners are fictional;
// their codes are invented in the style of their kind of business (postal EDI, express checkpoint
// codes, Chinese dedicated-line node codes, IATA cargo status messages, EDI 315 ocean events,
// customs brokers' entry states, last-mile carriers' scan codes, warehouse systems). Each entry is
// [code, status, subStatus or null, what the code means].
import type { TrackingStatus } from '../../src/core/tracking/index.ts';

export type VocabularyEntry = readonly [
  code: string,
  status: TrackingStatus,
  subStatus: string | null,
  description: string,
];

export interface Vocabulary {
  /** What the codes imitate, written into the file as its source. */
  readonly style: string;
  readonly entries: readonly VocabularyEntry[];
}

/** UPU postal event codes (EMSEVT) as listed in shared/reference/tracking.md. */
export const UPU_EMSEVT: Vocabulary = {
  style:
    'UPU EMSEVT postal event codes as seen in postal EDI feeds (shared/reference/tracking.md); the sub-statuses follow the event meaning',
  entries: [
    ['EMA', 'picked_up', 'dropped_off', 'Posting / collection'],
    ['EMB', 'at_hub', 'at_export_gateway', 'Arrival at outward office of exchange'],
    ['EMC', 'departed', 'left_export_office', 'Departure from outward office of exchange'],
    ['EXA', 'export_customs', 'presented', 'Item presented to export customs / security'],
    ['EXB', 'export_customs', 'held', 'Item held by export customs / security'],
    ['EXC', 'export_customs', 'released', 'Item returned from export customs'],
    ['EXD', 'export_customs', 'held', 'Item held at outward office of exchange'],
    ['EXX', 'export_customs', 'cancelled', 'Export cancelled'],
    ['EMJ', 'in_transit', 'arrived_transit', 'Arrival at transit office of exchange'],
    ['EMK', 'in_transit', 'departed_transit', 'Departure from transit office of exchange'],
    ['EMD', 'arrived_destination', 'arrived', 'Arrival at inward office of exchange'],
    ['EDA', 'arrived_destination', 'awaiting_customs', 'Held at inward office of exchange'],
    ['EDB', 'import_customs', 'presented', 'Item presented to import customs'],
    [
      'EME',
      'import_customs',
      'held',
      'Held by import customs (the retention reason comes with the event)',
    ],
    ['EDC', 'import_customs', 'released', 'Item returned from import customs'],
    ['EMF', 'at_destination_hub', 'left_import_office', 'Departure from inward office of exchange'],
    ['EDD', 'at_destination_hub', 'arrived', 'Item into sorting centre'],
    ['EDE', 'at_destination_hub', 'departed', 'Item out of sorting centre'],
    ['EMG', 'at_destination_hub', 'at_delivery_office', 'Arrival at delivery office'],
    ['EDF', 'at_destination_hub', 'held_at_depot', 'Item held at delivery depot'],
    ['EDG', 'out_for_delivery', 'with_courier', 'Item out for delivery'],
    ['EDH', 'available_for_pickup', 'at_pickup_point', 'Item arrived at pick-up point'],
    [
      'EMH',
      'delivery_failed',
      'unspecified',
      'Unsuccessful (attempted) delivery (reason and action codes come with the event)',
    ],
    ['EMI', 'delivered', null, 'Final delivery'],
    ['EDX', 'import_customs', 'refused', 'Import terminated'],
  ],
};

/** Each post's own codes beside EMSEVT: pre-advice, returns, loss and damage. */
export const POSTAL_EXTRAS: Readonly<Record<string, Vocabulary>> = {
  'red-lantern-post': {
    style: 'domestic codes of a China-post-like operator, beside the UPU EMSEVT events',
    entries: [
      ['P01', 'info_received', 'pre_advice', 'Electronic advice received (收到电子信息)'],
      ['R10', 'returned_to_sender', 'return_in_transit', 'Return to sender started (退回)'],
      ['R90', 'returned_to_sender', 'returned', 'Returned to sender (退回妥投)'],
      ['L99', 'lost', 'declared_lost', 'Item declared lost (丢失)'],
      ['D50', 'damaged', 'damaged', 'Item damaged (破损)'],
    ],
  },
  'fragrant-harbour-post': {
    style: 'domestic codes of a Hong Kong post-like operator, beside the UPU EMSEVT events',
    entries: [
      ['HKP-ADV', 'info_received', 'pre_advice', 'Item information received'],
      ['HKP-RTN', 'returned_to_sender', 'return_in_transit', 'Being returned to sender'],
      ['HKP-RTD', 'returned_to_sender', 'returned', 'Returned to sender'],
      ['HKP-LOST', 'lost', 'declared_lost', 'Item declared lost'],
      ['HKP-DMG', 'damaged', 'damaged', 'Item damaged'],
    ],
  },
  'merlion-post': {
    style: 'domestic codes of a Singapore post-like operator, beside the UPU EMSEVT events',
    entries: [
      ['SGA', 'info_received', 'pre_advice', 'Shipment information received'],
      ['SGR1', 'returned_to_sender', 'return_in_transit', 'Return to sender in progress'],
      ['SGR9', 'returned_to_sender', 'returned', 'Returned to sender'],
      ['SGL', 'lost', 'declared_lost', 'Item declared lost'],
      ['SGD', 'damaged', 'damaged', 'Item damaged'],
    ],
  },
};

export const EXPRESS: readonly Vocabulary[] = [
  {
    style: 'two-letter checkpoint codes of an international express integrator',
    entries: [
      ['SD', 'info_received', 'label_created', 'Shipment information received'],
      ['PU', 'picked_up', 'collected', 'Shipment picked up'],
      ['AO', 'at_hub', 'arrived', 'Arrived at origin facility'],
      ['PO', 'at_hub', 'processed', 'Processed at origin facility'],
      ['DO', 'at_hub', 'departed', 'Departed origin facility'],
      ['EC', 'export_customs', 'presented', 'Export clearance in progress'],
      ['EH', 'export_customs', 'held', 'Export clearance delay'],
      ['ER', 'export_customs', 'released', 'Export clearance released'],
      ['DF', 'departed', 'carrier_departed', 'Departed on flight'],
      ['TA', 'in_transit', 'arrived_transit', 'Arrived at transit hub'],
      ['TD', 'in_transit', 'departed_transit', 'Departed transit hub'],
      ['AR', 'arrived_destination', 'arrived', 'Arrived at destination gateway'],
      ['CC', 'import_customs', 'presented', 'Customs clearance in progress'],
      ['CH', 'import_customs', 'held', 'Clearance delay: held by customs'],
      ['CI', 'import_customs', 'information_required', 'Clearance: further information required'],
      ['CD', 'import_customs', 'duties_due', 'Duties and taxes due'],
      ['CR', 'import_customs', 'released', 'Clearance processing complete'],
      ['CX', 'import_customs', 'refused', 'Import refused by customs'],
      ['AD', 'at_destination_hub', 'arrived', 'Arrived at delivery facility'],
      ['WC', 'out_for_delivery', 'with_courier', 'With delivery courier'],
      ['NH', 'delivery_failed', 'no_one_home', 'Recipient not home'],
      ['BA', 'delivery_failed', 'address_issue', 'Bad or incomplete address'],
      ['RD', 'delivery_failed', 'refused', 'Refused by recipient'],
      ['CA', 'delivery_failed', 'business_closed', 'Closed on arrival'],
      ['HP', 'available_for_pickup', 'at_pickup_point', 'Held at service point for collection'],
      ['OK', 'delivered', 'signed', 'Delivered, signed for'],
      ['DL', 'delivered', 'to_recipient', 'Delivered'],
      ['RT', 'returned_to_sender', 'return_in_transit', 'Returning to shipper'],
      ['RS', 'returned_to_sender', 'returned', 'Returned to shipper'],
      ['DM', 'damaged', 'damaged', 'Shipment damaged'],
      ['WX', 'delayed', 'weather', 'Delay due to weather'],
      ['MC', 'delayed', 'missed_connection', 'Missed connection'],
      ['LS', 'lost', 'declared_lost', 'Shipment lost'],
    ],
  },
  {
    style: 'status codes of a US express carrier',
    entries: [
      ['OC', 'info_received', 'label_created', 'Shipment information sent'],
      ['PU', 'picked_up', 'collected', 'Picked up'],
      ['OS', 'at_hub', 'arrived', 'Origin scan'],
      ['DP', 'at_hub', 'departed', 'Departed origin facility'],
      ['AX', 'at_hub', 'at_export_gateway', 'At export gateway'],
      ['EP', 'export_customs', 'presented', 'Export processing'],
      ['EH', 'export_customs', 'held', 'Export hold'],
      ['EX', 'export_customs', 'released', 'Export cleared'],
      ['DF', 'departed', 'carrier_departed', 'Departed origin country'],
      ['IT', 'in_transit', 'en_route', 'In transit'],
      ['AR', 'arrived_destination', 'arrived', 'Arrived in destination country'],
      ['CC', 'import_customs', 'presented', 'Clearance in progress'],
      ['CH', 'import_customs', 'held', 'Clearance delay'],
      ['CI', 'import_customs', 'information_required', 'Customs requires information'],
      ['CD', 'import_customs', 'duties_due', 'Import charges due'],
      ['CR', 'import_customs', 'released', 'Clearance completed'],
      ['CX', 'import_customs', 'refused', 'Entry refused'],
      ['AD', 'at_destination_hub', 'arrived', 'At local delivery station'],
      ['OD', 'out_for_delivery', 'with_courier', 'On vehicle for delivery'],
      ['DE', 'delivery_failed', 'no_one_home', 'Delivery exception: recipient not available'],
      ['IA', 'delivery_failed', 'address_issue', 'Incorrect address'],
      ['RF', 'delivery_failed', 'refused', 'Refused by recipient'],
      ['HL', 'available_for_pickup', 'at_pickup_point', 'Held at location for pickup'],
      ['DL', 'delivered', 'to_recipient', 'Delivered'],
      ['DN', 'delivered', 'to_neighbour', 'Delivered to neighbour'],
      ['RS', 'returned_to_sender', 'return_in_transit', 'Return to sender initiated'],
      ['RC', 'returned_to_sender', 'returned', 'Return completed'],
      ['DM', 'damaged', 'damaged', 'Damage reported'],
      ['SD', 'delayed', 'operational', 'Shipment delayed'],
      ['WD', 'delayed', 'weather', 'Weather delay'],
      ['LP', 'lost', 'declared_lost', 'Lost package'],
    ],
  },
];

export const DEDICATED_LINE: readonly Vocabulary[] = [
  {
    style: 'node codes of a Chinese cross-border dedicated line (专线), upper-case event names',
    entries: [
      ['CREATE_ORDER', 'info_received', 'label_created', '订单已创建 / Order created'],
      ['ACCEPT', 'picked_up', 'collected', '已揽收 / Collected'],
      ['SC_INBOUND', 'at_hub', 'arrived', '到达分拣中心 / Arrived at sorting centre'],
      ['BAGGING', 'at_hub', 'consolidated', '已集包 / Bagged'],
      ['SC_OUTBOUND', 'at_hub', 'departed', '离开分拣中心 / Left sorting centre'],
      ['CC_EX_START', 'export_customs', 'presented', '出口报关 / Export declaration lodged'],
      ['CC_EX_HOLD', 'export_customs', 'held', '出口查验 / Held for export inspection'],
      ['CC_EX_SUCCESS', 'export_customs', 'released', '出口放行 / Export released'],
      ['LH_HO_AIRLINE', 'departed', 'handed_to_carrier', '已交航 / Handed to airline'],
      ['LH_DEPART', 'departed', 'carrier_departed', '航班已起飞 / Flight departed'],
      ['LH_TRANSIT', 'in_transit', 'arrived_transit', '中转 / At transit airport'],
      ['LH_ARRIVE', 'arrived_destination', 'arrived', '航班已到达 / Flight arrived'],
      ['CC_IM_START', 'import_customs', 'presented', '进口清关中 / Import clearance started'],
      ['CC_IM_HOLD', 'import_customs', 'held', '清关扣留 / Held by customs'],
      ['CC_IM_DOC', 'import_customs', 'information_required', '需补充资料 / Documents required'],
      ['CC_IM_TAX', 'import_customs', 'duties_due', '需缴纳税费 / Duties due'],
      ['CC_IM_SUCCESS', 'import_customs', 'released', '清关完成 / Import released'],
      ['CC_IM_REJECT', 'import_customs', 'refused', '进口被拒 / Import refused'],
      ['LM_INBOUND', 'at_destination_hub', 'arrived', '到达派送站 / Arrived at delivery station'],
      ['LM_OUT_DELIVERY', 'out_for_delivery', 'with_courier', '派送中 / Out for delivery'],
      ['LM_DELIVERY_FAIL', 'delivery_failed', 'unspecified', '派送失败 / Delivery failed'],
      ['LM_FAIL_NOBODY', 'delivery_failed', 'no_one_home', '无人签收 / No one home'],
      ['LM_FAIL_ADDRESS', 'delivery_failed', 'address_issue', '地址错误 / Address problem'],
      ['LM_FAIL_REJECT', 'delivery_failed', 'refused', '拒收 / Refused'],
      ['LM_PICKUP_POINT', 'available_for_pickup', 'at_pickup_point', '待自提 / At pick-up point'],
      ['SIGNED', 'delivered', 'to_recipient', '已签收 / Delivered'],
      ['RETURN_START', 'returned_to_sender', 'return_in_transit', '退件中 / Returning'],
      ['RETURN_SIGNED', 'returned_to_sender', 'returned', '退件已签收 / Returned'],
      ['EXCEPTION_DAMAGE', 'damaged', 'damaged', '破损 / Damaged'],
      ['EXCEPTION_LOST', 'lost', 'declared_lost', '丢失 / Lost'],
      ['DELAY_FLIGHT', 'delayed', 'missed_connection', '航班延误 / Flight delayed'],
    ],
  },
  {
    style: 'numeric node codes of a Chinese dedicated line (专线节点代码)',
    entries: [
      ['1000', 'info_received', 'label_created', '已下单 / Order placed'],
      ['1010', 'picked_up', 'collected', '已揽收 / Collected'],
      ['1020', 'at_hub', 'arrived', '已入库 / Received at warehouse'],
      ['1030', 'at_hub', 'consolidated', '已集包 / Bagged'],
      ['1040', 'at_hub', 'departed', '已出库 / Left warehouse'],
      ['2000', 'export_customs', 'presented', '出口报关中 / Export declaration'],
      ['2010', 'export_customs', 'held', '出口查验 / Export inspection'],
      ['2020', 'export_customs', 'released', '出口放行 / Export released'],
      ['3000', 'departed', 'handed_to_carrier', '已交航 / Handed to airline'],
      ['3010', 'departed', 'carrier_departed', '已起飞 / Departed'],
      ['3020', 'in_transit', 'arrived_transit', '中转 / In transit'],
      ['3030', 'arrived_destination', 'arrived', '抵达目的国 / Arrived in destination country'],
      ['4000', 'import_customs', 'presented', '进口清关中 / Import clearance'],
      ['4010', 'import_customs', 'held', '清关扣留 / Held by customs'],
      ['4020', 'import_customs', 'information_required', '需补充资料 / Documents required'],
      ['4025', 'import_customs', 'duties_due', '需缴税 / Duties due'],
      ['4030', 'import_customs', 'released', '清关放行 / Released'],
      ['4040', 'import_customs', 'refused', '进口退运 / Import refused'],
      ['5000', 'at_destination_hub', 'arrived', '到达派送中心 / At delivery centre'],
      ['5010', 'out_for_delivery', 'with_courier', '派送中 / Out for delivery'],
      ['5020', 'delivery_failed', 'unspecified', '派送失败 / Delivery failed'],
      ['5021', 'delivery_failed', 'address_issue', '地址错误 / Wrong address'],
      ['5022', 'delivery_failed', 'no_one_home', '联系不上收件人 / Recipient unreachable'],
      ['5023', 'delivery_failed', 'refused', '拒收 / Refused'],
      ['5030', 'available_for_pickup', 'at_pickup_point', '待自提 / Awaiting collection'],
      ['5040', 'delivered', 'to_recipient', '已签收 / Delivered'],
      ['6000', 'returned_to_sender', 'return_in_transit', '退件中 / Returning'],
      ['6010', 'returned_to_sender', 'returned', '退件已签收 / Returned'],
      ['9000', 'damaged', 'damaged', '破损 / Damaged'],
      ['9010', 'lost', 'declared_lost', '丢失 / Lost'],
      ['9020', 'delayed', 'operational', '延误 / Delayed'],
    ],
  },
  {
    style: 'pinyin-initial node codes of a Chinese dedicated line',
    entries: [
      ['XD', 'info_received', 'label_created', '下单 / Order placed'],
      ['LS', 'picked_up', 'collected', '揽收 / Collected'],
      ['RK', 'at_hub', 'arrived', '入库 / Received at warehouse'],
      ['JB', 'at_hub', 'consolidated', '集包 / Bagged'],
      ['CK', 'at_hub', 'departed', '出库 / Left warehouse'],
      ['BG', 'export_customs', 'presented', '报关 / Export declaration'],
      ['CY', 'export_customs', 'held', '查验 / Export inspection'],
      ['FX', 'export_customs', 'released', '放行 / Export released'],
      ['JH', 'departed', 'handed_to_carrier', '交航 / Handed to airline'],
      ['QF', 'departed', 'carrier_departed', '起飞 / Departed'],
      ['ZZ', 'in_transit', 'arrived_transit', '中转 / In transit'],
      ['DD', 'arrived_destination', 'arrived', '抵达 / Arrived'],
      ['QG', 'import_customs', 'presented', '清关 / Import clearance'],
      ['KL', 'import_customs', 'held', '扣留 / Held by customs'],
      ['BZ', 'import_customs', 'information_required', '补资料 / Documents required'],
      ['JS', 'import_customs', 'duties_due', '缴税 / Duties due'],
      ['QT', 'import_customs', 'released', '清关通过 / Released'],
      ['TY', 'import_customs', 'refused', '退运 / Import refused'],
      ['DZ', 'at_destination_hub', 'arrived', '到站 / At delivery station'],
      ['PS', 'out_for_delivery', 'with_courier', '派送 / Out for delivery'],
      ['PF', 'delivery_failed', 'unspecified', '派送失败 / Delivery failed'],
      ['ZT', 'available_for_pickup', 'at_pickup_point', '自提 / At pick-up point'],
      ['QS', 'delivered', 'to_recipient', '签收 / Delivered'],
      ['TJ', 'returned_to_sender', 'return_in_transit', '退件 / Returning'],
      ['TQ', 'returned_to_sender', 'returned', '退件签收 / Returned'],
      ['PS-X', 'damaged', 'damaged', '破损 / Damaged'],
      ['DS', 'lost', 'declared_lost', '丢失 / Lost'],
      ['YW', 'delayed', 'operational', '延误 / Delayed'],
    ],
  },
];

export const PICKUP_FLEET: readonly Vocabulary[] = [
  {
    style: 'pickup dispatch events of a Chinese pickup fleet',
    entries: [
      ['ASSIGN', 'info_received', 'pickup_scheduled', '已派单 / Pickup assigned'],
      ['PICK', 'picked_up', 'collected', '已取件 / Collected from seller'],
      ['PICK_FAIL', 'delayed', 'operational', '取件失败 / Pickup failed, rescheduled'],
      ['HUB_IN', 'at_hub', 'arrived', '已交仓 / Handed in at hub'],
    ],
  },
  {
    style: 'two-digit pickup statuses',
    entries: [
      ['10', 'info_received', 'pickup_scheduled', 'Pickup scheduled'],
      ['20', 'picked_up', 'collected', 'Collected'],
      ['25', 'delayed', 'operational', 'Pickup missed'],
      ['30', 'at_hub', 'arrived', 'Delivered to hub'],
    ],
  },
  {
    style: 'pinyin-initial pickup codes',
    entries: [
      ['PD', 'info_received', 'pickup_scheduled', '派单 / Pickup assigned'],
      ['QJ', 'picked_up', 'collected', '取件 / Collected'],
      ['QJSB', 'delayed', 'operational', '取件失败 / Pickup failed'],
      ['JC', 'at_hub', 'arrived', '交仓 / Handed in at hub'],
    ],
  },
];

export const TRUCKING: readonly Vocabulary[] = [
  {
    style: 'line-haul trip events of a domestic trucking company',
    entries: [
      ['LOAD', 'at_hub', 'departed', 'Loaded at hub'],
      ['DEPART', 'at_hub', 'departed', 'Truck departed'],
      ['ARRIVE', 'at_hub', 'at_export_gateway', 'Truck arrived at gateway'],
      ['UNLOAD', 'at_hub', 'at_export_gateway', 'Unloaded at gateway'],
      ['DELAY', 'delayed', 'operational', 'Trip delayed'],
    ],
  },
  {
    style: 'pinyin-initial line-haul codes (装车/发车/到车/卸车)',
    entries: [
      ['ZC', 'at_hub', 'departed', '装车 / Loaded'],
      ['FC', 'at_hub', 'departed', '发车 / Departed'],
      ['DC', 'at_hub', 'at_export_gateway', '到车 / Arrived'],
      ['XC', 'at_hub', 'at_export_gateway', '卸车 / Unloaded'],
      ['YW', 'delayed', 'operational', '延误 / Delayed'],
    ],
  },
];

/** Airlines speak IATA cargo status messages (FSU); both demo airlines use the same codes. */
export const AIRLINE: Vocabulary = {
  style: 'IATA Cargo-IMP / Cargo-XML status codes (FSU)',
  entries: [
    ['RCS', 'departed', 'handed_to_carrier', 'Received from shipper'],
    ['MAN', 'departed', 'handed_to_carrier', 'Manifested'],
    ['DEP', 'departed', 'carrier_departed', 'Departed'],
    ['ARR', 'in_transit', 'arrived_transit', 'Arrived'],
    ['TFD', 'in_transit', 'departed_transit', 'Transferred to another airline'],
    ['RCF', 'arrived_destination', 'arrived', 'Received from flight'],
    ['NFD', 'arrived_destination', 'arrived', 'Consignee notified for delivery'],
    ['AWD', 'arrived_destination', 'handed_to_broker', 'Documents delivered to consignee'],
    ['DLV', 'arrived_destination', 'handed_to_broker', 'Delivered to consignee'],
    ['CCD', 'import_customs', 'released', 'Cleared by customs'],
    ['DIS', 'delayed', 'operational', 'Discrepancy (offloaded or missing pieces)'],
  ],
};

export const FORWARDER: readonly Vocabulary[] = [
  {
    style: 'three-letter milestones of an air freight forwarder',
    entries: [
      ['BKD', 'info_received', 'pre_advice', 'Booked on consolidation'],
      ['RCV', 'at_hub', 'arrived', 'Received at forwarder warehouse'],
      ['CON', 'at_hub', 'consolidated', 'Consolidated into master air waybill'],
      ['TND', 'departed', 'handed_to_carrier', 'Tendered to airline'],
      ['FLT', 'departed', 'carrier_departed', 'Flight departed'],
      ['ARV', 'arrived_destination', 'arrived', 'Arrived at destination airport'],
      ['BRK', 'arrived_destination', 'handed_to_broker', 'Handed to customs broker'],
      ['DLY', 'delayed', 'missed_connection', 'Offloaded, rebooked on next flight'],
    ],
  },
  {
    style: 'master air waybill events of a consolidator',
    entries: [
      ['MAWB_BOOKED', 'info_received', 'pre_advice', 'Space booked'],
      ['CFS_IN', 'at_hub', 'arrived', 'Received at freight station'],
      ['MAWB_BUILT', 'at_hub', 'consolidated', 'Built into master air waybill'],
      ['AIRLINE_HANDOVER', 'departed', 'handed_to_carrier', 'Handed to airline'],
      ['ATD', 'departed', 'carrier_departed', 'Actual time of departure'],
      ['ATA', 'arrived_destination', 'arrived', 'Actual time of arrival'],
      ['BROKER_HANDOVER', 'arrived_destination', 'handed_to_broker', 'Handed to customs broker'],
      ['OFFLOADED', 'delayed', 'missed_connection', 'Offloaded from flight'],
    ],
  },
];

/** EDI 315 (container status) event codes. */
export const OCEAN: Vocabulary = {
  style: 'ANSI X12 315 container status event codes',
  entries: [
    ['I', 'departed', 'handed_to_carrier', 'Full container gate-in at origin terminal'],
    ['AE', 'departed', 'handed_to_carrier', 'Loaded on vessel'],
    ['VD', 'departed', 'carrier_departed', 'Vessel departure'],
    ['T', 'in_transit', 'arrived_transit', 'Transshipment'],
    ['VA', 'arrived_destination', 'arrived', 'Vessel arrival'],
    ['UV', 'arrived_destination', 'arrived', 'Unloaded from vessel'],
    ['CT', 'import_customs', 'released', 'Customs release'],
    ['OA', 'arrived_destination', 'handed_to_broker', 'Full container gate-out'],
  ],
};

export const RAIL: Vocabulary = {
  style: 'train and wagon events of a China-Europe rail operator',
  entries: [
    ['LOAD', 'departed', 'handed_to_carrier', 'Loaded onto train'],
    ['DEPT', 'departed', 'carrier_departed', 'Train departed'],
    ['BRD-IN', 'in_transit', 'border_crossing', 'Arrived at border station'],
    ['GAUGE', 'in_transit', 'border_crossing', 'Transshipped at gauge change'],
    ['BRD-OUT', 'in_transit', 'departed_transit', 'Left border station'],
    ['ARRV', 'arrived_destination', 'arrived', 'Arrived at destination terminal'],
    ['UNLD', 'arrived_destination', 'arrived', 'Unloaded at destination terminal'],
    ['DLY', 'delayed', 'operational', 'Train delayed'],
  ],
};

/** Export brokers in mainland China report the customs receipt states of a 9610 declaration. */
export const EXPORT_BROKER_CN: readonly Vocabulary[] = [
  {
    style: 'declaration events of a Chinese export customs broker',
    entries: [
      ['DECL_ACCEPT', 'export_customs', 'presented', '收货待申报 / Goods received for declaration'],
      ['DECL_SUBMIT', 'export_customs', 'presented', '已申报 / Declaration lodged'],
      ['DECL_INSPECT', 'export_customs', 'held', '查验 / Selected for inspection'],
      ['DECL_RELEASE', 'export_customs', 'released', '放行 / Released'],
      ['DECL_REJECT', 'export_customs', 'cancelled', '退单 / Declaration rejected'],
    ],
  },
  {
    style: 'customs receipt status codes of a cross-border e-commerce declaration (回执状态)',
    entries: [
      ['120', 'export_customs', 'presented', '海关入库成功 / Accepted by customs'],
      ['300', 'export_customs', 'presented', '人工审核 / Manual review'],
      ['399', 'export_customs', 'presented', '海关审结 / Review concluded'],
      ['500', 'export_customs', 'held', '查验 / Inspection'],
      ['800', 'export_customs', 'released', '放行 / Released'],
      ['100', 'export_customs', 'cancelled', '海关退单 / Rejected by customs'],
    ],
  },
];

export const EXPORT_BROKER_HK: Vocabulary = {
  style: 'export lodgement events of a Hong Kong broker',
  entries: [
    ['EXP-LODGED', 'export_customs', 'presented', 'Export declaration lodged'],
    ['EXP-HOLD', 'export_customs', 'held', 'Held for examination'],
    ['EXP-CLR', 'export_customs', 'released', 'Export cleared'],
    ['EXP-CXL', 'export_customs', 'cancelled', 'Export cancelled'],
  ],
};

/** Import brokers, in the style of their country's customs system. */
export const IMPORT_BROKER: Readonly<Record<'US' | 'EU' | 'GB' | 'other', Vocabulary>> = {
  US: {
    style: 'entry states of a US customs broker',
    entries: [
      ['RCV', 'arrived_destination', 'handed_to_broker', 'Received from carrier'],
      ['ENT', 'import_customs', 'presented', 'Entry filed'],
      ['HLD', 'import_customs', 'held', 'Customs hold'],
      ['EXM', 'import_customs', 'held', 'Selected for examination'],
      ['INF', 'import_customs', 'information_required', 'Request for information'],
      ['DUE', 'import_customs', 'duties_due', 'Duties and fees due'],
      ['REL', 'import_customs', 'released', 'Released'],
      ['REF', 'import_customs', 'refused', 'Entry refused'],
    ],
  },
  EU: {
    style: 'low-value declaration states of an EU customs broker',
    entries: [
      ['ARRIVED', 'arrived_destination', 'handed_to_broker', 'Goods arrived at broker'],
      ['LODGED', 'import_customs', 'presented', 'Declaration lodged'],
      ['RISK_HOLD', 'import_customs', 'held', 'Held after risk analysis'],
      ['DOCS_REQ', 'import_customs', 'information_required', 'Documents requested'],
      ['VAT_DUE', 'import_customs', 'duties_due', 'Import VAT due (no IOSS number)'],
      ['RELEASED', 'import_customs', 'released', 'Released for free circulation'],
      ['REJECTED', 'import_customs', 'refused', 'Declaration rejected, goods refused'],
    ],
  },
  GB: {
    style: 'declaration states of a UK customs agent',
    entries: [
      ['RECD', 'arrived_destination', 'handed_to_broker', 'Received at clearance agent'],
      ['CDS-SUB', 'import_customs', 'presented', 'Declaration submitted'],
      ['CDS-HOLD', 'import_customs', 'held', 'Held by border authority'],
      ['CDS-DOCS', 'import_customs', 'information_required', 'Supporting documents requested'],
      ['CDS-DUTY', 'import_customs', 'duties_due', 'Duty and VAT payable'],
      ['CDS-CLR', 'import_customs', 'released', 'Cleared'],
      ['CDS-REJ', 'import_customs', 'refused', 'Import refused'],
    ],
  },
  other: {
    style: 'numbered clearance states of a customs broker',
    entries: [
      ['E00', 'arrived_destination', 'handed_to_broker', 'Received at broker'],
      ['E01', 'import_customs', 'presented', 'Entry lodged'],
      ['E02', 'import_customs', 'held', 'Under examination'],
      ['E03', 'import_customs', 'information_required', 'Documents requested'],
      ['E04', 'import_customs', 'duties_due', 'Duties payable'],
      ['E05', 'import_customs', 'released', 'Cleared'],
      ['E09', 'import_customs', 'refused', 'Import refused'],
    ],
  },
};

export const LAST_MILE: readonly Vocabulary[] = [
  {
    style: 'three-letter scan codes of a national parcel carrier',
    entries: [
      ['MAN', 'info_received', 'pre_advice', 'Manifest received'],
      ['IND', 'at_destination_hub', 'arrived', 'Inducted into network'],
      ['SRT', 'at_destination_hub', 'sorted', 'Sorted'],
      ['DEP', 'at_destination_hub', 'departed', 'Departed facility'],
      ['DPT', 'at_destination_hub', 'at_delivery_office', 'At delivery depot'],
      ['OFD', 'out_for_delivery', 'with_courier', 'Out for delivery'],
      ['NHM', 'delivery_failed', 'no_one_home', 'Attempted: no one home'],
      ['ADR', 'delivery_failed', 'address_issue', 'Attempted: address problem'],
      ['REF', 'delivery_failed', 'refused', 'Refused'],
      ['CLS', 'delivery_failed', 'business_closed', 'Attempted: business closed'],
      ['PUP', 'available_for_pickup', 'at_pickup_point', 'At pick-up point'],
      ['LKR', 'available_for_pickup', 'at_locker', 'In parcel locker'],
      ['DLV', 'delivered', 'to_recipient', 'Delivered'],
      ['NBR', 'delivered', 'to_neighbour', 'Delivered to neighbour'],
      ['SFP', 'delivered', 'to_safe_place', 'Left in safe place'],
      ['COL', 'delivered', 'collected', 'Collected from pick-up point'],
      ['RTS', 'returned_to_sender', 'return_in_transit', 'Return to sender'],
      ['DMG', 'damaged', 'damaged', 'Damaged'],
      ['LST', 'lost', 'declared_lost', 'Lost'],
      ['WTH', 'delayed', 'weather', 'Weather delay'],
    ],
  },
  {
    // Leading zeros: the generator quotes every code so YAML keeps "01" as written.
    style: 'two-digit status codes of a postal-style parcel carrier',
    entries: [
      ['01', 'info_received', 'pre_advice', 'Electronic data received'],
      ['10', 'at_destination_hub', 'arrived', 'Received at hub'],
      ['15', 'at_destination_hub', 'sorted', 'Sorted'],
      ['20', 'at_destination_hub', 'at_delivery_office', 'At delivery depot'],
      ['30', 'out_for_delivery', 'with_courier', 'Out for delivery'],
      ['40', 'delivery_failed', 'no_one_home', 'Delivery attempted: recipient absent'],
      ['41', 'delivery_failed', 'address_issue', 'Delivery attempted: address unknown'],
      ['42', 'delivery_failed', 'refused', 'Acceptance refused'],
      ['43', 'delivery_failed', 'business_closed', 'Business closed'],
      ['50', 'available_for_pickup', 'at_post_office', 'Ready for collection at post office'],
      ['51', 'available_for_pickup', 'at_locker', 'Ready for collection in locker'],
      ['60', 'delivered', 'to_recipient', 'Delivered'],
      ['61', 'delivered', 'to_neighbour', 'Delivered to neighbour'],
      ['62', 'delivered', 'to_safe_place', 'Delivered to safe place'],
      ['63', 'delivered', 'collected', 'Collected'],
      ['70', 'returned_to_sender', 'return_in_transit', 'Returned to sender'],
      ['80', 'damaged', 'damaged', 'Damaged'],
      ['90', 'lost', 'declared_lost', 'Lost'],
      ['95', 'delayed', 'weather', 'Delayed: weather'],
    ],
  },
  {
    style: 'event names of a courier API',
    entries: [
      ['SHIPMENT_RECEIVED', 'at_destination_hub', 'arrived', 'Shipment received'],
      ['IN_TRANSIT_LOCAL', 'at_destination_hub', 'departed', 'In transit to delivery area'],
      ['AT_STATION', 'at_destination_hub', 'at_delivery_office', 'At delivery station'],
      ['OUT_FOR_DELIVERY', 'out_for_delivery', 'with_courier', 'Out for delivery'],
      ['ATTEMPT_NO_ANSWER', 'delivery_failed', 'no_one_home', 'Attempted, no answer'],
      ['ATTEMPT_BAD_ADDRESS', 'delivery_failed', 'address_issue', 'Attempted, address problem'],
      ['ATTEMPT_REFUSED', 'delivery_failed', 'refused', 'Refused'],
      ['ATTEMPT_SECURITY', 'delivery_failed', 'security', 'Not delivered: security'],
      ['READY_FOR_PICKUP', 'available_for_pickup', 'at_pickup_point', 'Ready for pickup'],
      ['DELIVERED', 'delivered', 'to_recipient', 'Delivered'],
      ['DELIVERED_SAFE_PLACE', 'delivered', 'to_safe_place', 'Delivered to safe place'],
      ['PICKED_UP_BY_CUSTOMER', 'delivered', 'collected', 'Picked up by customer'],
      ['RETURN_TO_SENDER', 'returned_to_sender', 'return_in_transit', 'Returning to sender'],
      ['DAMAGED', 'damaged', 'damaged', 'Damaged'],
      ['LOST', 'lost', 'declared_lost', 'Lost'],
      ['DELAYED', 'delayed', 'operational', 'Delayed'],
    ],
  },
];

/** Origin hubs and consolidation centres. */
export const ORIGIN_WAREHOUSE: Vocabulary = {
  style: 'warehouse management system events of an origin hub',
  entries: [
    ['INBOUND', 'at_hub', 'arrived', 'Received at hub'],
    ['SORTED', 'at_hub', 'processed', 'Sorted'],
    ['CONSOLIDATED', 'at_hub', 'consolidated', 'Consolidated'],
    ['OUTBOUND', 'at_hub', 'departed', 'Dispatched'],
    ['DAMAGED_INBOUND', 'damaged', 'damaged', 'Damaged on receipt'],
    ['REPACKED', 'damaged', 'repacked', 'Repacked'],
  ],
};

/** Overseas and border warehouses: fulfilment from stock, often with their own last mile. */
export const FULFILMENT_WAREHOUSE: readonly Vocabulary[] = [
  {
    style: 'fulfilment events of an overseas warehouse',
    entries: [
      ['ORDER_RECEIVED', 'info_received', 'label_created', 'Fulfilment order received'],
      ['PICKED', 'at_destination_hub', 'packed_at_warehouse', 'Picked'],
      ['PACKED', 'at_destination_hub', 'packed_at_warehouse', 'Packed'],
      ['SHIPPED', 'at_destination_hub', 'departed', 'Shipped'],
      ['OUT_FOR_DELIVERY', 'out_for_delivery', 'with_courier', 'Out for delivery'],
      ['DELIVERY_FAILED', 'delivery_failed', 'unspecified', 'Delivery failed'],
      ['DELIVERED', 'delivered', 'to_recipient', 'Delivered'],
      ['RETURNED', 'returned_to_sender', 'return_in_transit', 'Returned to warehouse'],
      ['OUT_OF_STOCK', 'delayed', 'capacity', 'Waiting for stock'],
    ],
  },
  {
    style: 'two-letter fulfilment codes of a 3PL',
    entries: [
      ['WO', 'info_received', 'label_created', 'Work order created'],
      ['PK', 'at_destination_hub', 'packed_at_warehouse', 'Picked and packed'],
      ['SH', 'at_destination_hub', 'departed', 'Shipped from warehouse'],
      ['OD', 'out_for_delivery', 'with_courier', 'Out for delivery'],
      ['DF', 'delivery_failed', 'unspecified', 'Delivery failed'],
      ['DL', 'delivered', 'to_recipient', 'Delivered'],
      ['RW', 'returned_to_sender', 'return_in_transit', 'Return to warehouse'],
      ['BO', 'delayed', 'capacity', 'Back-ordered'],
    ],
  },
];

export const RETURNS: Vocabulary = {
  style: 'return events of a returns consolidator',
  entries: [
    ['RTN_REGISTERED', 'returned_to_sender', 'return_in_transit', 'Return registered'],
    ['RTN_RECEIVED', 'returned_to_sender', 'return_in_transit', 'Return received at returns point'],
    ['RTN_CONSOLIDATED', 'returned_to_sender', 'return_in_transit', 'Consolidated for shipment'],
    ['RTN_SHIPPED', 'returned_to_sender', 'return_in_transit', 'Shipped back to origin'],
    ['RTN_DELIVERED', 'returned_to_sender', 'returned', 'Delivered back to seller'],
    ['RTN_RESTOCKED', 'returned_to_sender', 'returned', 'Restocked at seller warehouse'],
    ['RTN_DISPOSED', 'returned_to_sender', 'disposed', 'Disposed at seller’s instruction'],
  ],
};

/** A later version of one partner's table, to show dated mappings: the carrier adds locker codes. */
export const DATED_REVISION = {
  partnerId: 'globelink-express',
  validFrom: '2026-07-01',
  added: [
    ['LK', 'available_for_pickup', 'at_locker', 'Delivered to parcel locker, awaiting collection'],
    ['LC', 'delivered', 'collected', 'Collected from parcel locker'],
  ] as readonly VocabularyEntry[],
};
