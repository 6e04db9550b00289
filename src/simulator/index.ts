// The partner simulator's public face (docs/tracking.md, "The living demo: partner simulator").
// It talks to Silkline only over HTTP; the shell starts it (serve --demo, silkline simulate).
export {
  calibratedClock,
  signatureHeader,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
  startSimulator,
} from './driver.ts';
export {
  DEFAULT_FAULTS,
  DEFAULT_MODEL_OPTIONS,
  type Emission,
  type FaultRates,
  type ModelOptions,
  type PartnerEventBody,
  type SimLeg,
  type SimulatedShipment,
  SimWorld,
  simulateShipment,
} from './model.ts';
export { loadOrder } from './orders.ts';
