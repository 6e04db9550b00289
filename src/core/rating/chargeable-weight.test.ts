import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHARGEABLE_WEIGHT_RULES,
  chargeableWeight,
  type ChargeableWeightPolicy,
  type ChargeableWeightRule,
  type Dimensions,
  volumetricWeightG,
} from './index.ts';

const policy = (
  rule: ChargeableWeightRule,
  divisor = 5000,
  roundUpToG = 1,
  minimumG = 0,
): ChargeableWeightPolicy => ({
  rule,
  divisor,
  roundUpToG,
  minimumG,
});
const dims = (lengthMm: number, widthMm: number, heightMm: number): Dimensions => ({
  lengthMm,
  widthMm,
  heightMm,
});

// 333 × 222 × 111 mm = 8,205,786 mm³ (= 8205.786 cm³).
const BOX = dims(333, 222, 111);

describe('volumetricWeightG', () => {
  it('is L×W×H mm³ / divisor, rounded up to the gram', () => {
    // 8,205,786 / 5000 = 1641.1572 → 1642 g (= 8205.786 cm³ / 5000 cm³/kg = 1.6411572 kg)
    expect(volumetricWeightG(BOX, 5000)).toBe(1642);
    // 8,205,786 / 6000 = 1367.631 → 1368 g
    expect(volumetricWeightG(BOX, 6000)).toBe(1368);
    // 8,205,786 / 8000 = 1025.72325 → 1026 g
    expect(volumetricWeightG(BOX, 8000)).toBe(1026);
    // 400 × 300 × 200 = 24,000,000 mm³: 4800 / 4000 / 3000 g exactly, no rounding
    expect(volumetricWeightG(dims(400, 300, 200), 5000)).toBe(4800);
    expect(volumetricWeightG(dims(400, 300, 200), 6000)).toBe(4000);
    expect(volumetricWeightG(dims(400, 300, 200), 8000)).toBe(3000);
    // 10 × 10 × 10 = 1000 mm³ / 6000 = 0.1667 → 1 g
    expect(volumetricWeightG(dims(10, 10, 10), 6000)).toBe(1);
  });
});

describe('chargeableWeight rules', () => {
  it('max: the greater of actual and volumetric', () => {
    expect(chargeableWeight(policy('max', 5000), 1000, BOX)).toEqual({
      actualG: 1000,
      volumetricG: 1642,
      chargeableG: 1642,
    });
    expect(chargeableWeight(policy('max', 6000), 1000, BOX).chargeableG).toBe(1368);
    expect(chargeableWeight(policy('max', 8000), 1000, BOX).chargeableG).toBe(1026);
    expect(chargeableWeight(policy('max', 8000), 2000, BOX)).toEqual({
      actualG: 2000,
      volumetricG: 1026,
      chargeableG: 2000,
    });
    expect(chargeableWeight(policy('max', 5000), 1000, undefined)).toEqual({
      actualG: 1000,
      volumetricG: null,
      chargeableG: 1000,
    });
  });

  it('volumetric-if-double: volumetric only when at least twice the actual weight', () => {
    // divisor 5000: volumetric 1642 g
    expect(chargeableWeight(policy('volumetric-if-double', 5000), 800, BOX).chargeableG).toBe(1642); // 1642 ≥ 1600
    expect(chargeableWeight(policy('volumetric-if-double', 5000), 821, BOX).chargeableG).toBe(1642); // 1642 = 2 × 821
    expect(chargeableWeight(policy('volumetric-if-double', 5000), 822, BOX).chargeableG).toBe(822); // 1642 < 1644
    // divisor 6000: volumetric 1368 g < 2 × 800
    expect(chargeableWeight(policy('volumetric-if-double', 6000), 800, BOX).chargeableG).toBe(800);
    expect(chargeableWeight(policy('volumetric-if-double', 6000), 684, BOX).chargeableG).toBe(1368); // = 2 × 684
    // divisor 8000: volumetric 1026 g
    expect(chargeableWeight(policy('volumetric-if-double', 8000), 513, BOX).chargeableG).toBe(1026);
    expect(chargeableWeight(policy('volumetric-if-double', 8000), 514, BOX).chargeableG).toBe(514);
    expect(chargeableWeight(policy('volumetric-if-double', 8000), 514, undefined).chargeableG).toBe(
      514,
    );
  });

  it('actual: dimensions are reported but never charged', () => {
    for (const divisor of [5000, 6000, 8000]) {
      const w = chargeableWeight(policy('actual', divisor), 100, BOX);
      expect(w.chargeableG).toBe(100);
      expect(w.volumetricG).toBe(volumetricWeightG(BOX, divisor));
    }
  });

  it('applies the minimum billable weight, then rounds up to the step', () => {
    const p = policy('max', 5000, 500, 1000);
    expect(chargeableWeight(p, 100, undefined).chargeableG).toBe(1000); // minimum
    expect(chargeableWeight(p, 1000, undefined).chargeableG).toBe(1000);
    expect(chargeableWeight(p, 1001, undefined).chargeableG).toBe(1500); // next half kilo
    expect(chargeableWeight(p, 1500, undefined).chargeableG).toBe(1500);
    expect(chargeableWeight(p, 1501, undefined).chargeableG).toBe(2000);
    expect(chargeableWeight(p, 100, BOX).chargeableG).toBe(2000); // volumetric 1642 → 2000
    // a minimum that is not on the step is rounded up too: 750 → 1000
    expect(chargeableWeight(policy('actual', 5000, 500, 750), 1, undefined).chargeableG).toBe(1000);
    // roundUpToG 1 charges by the gram
    expect(chargeableWeight(policy('actual', 5000, 1, 0), 1, undefined).chargeableG).toBe(1);
  });

  it('has a cliff under volumetric-if-double: one more gram of actual weight can lower the chargeable weight', () => {
    // The rule switches from volumetric back to actual as soon as volumetric < 2 × actual;
    // carriers publish it this way, so the chargeable weight is not monotone in actual weight here.
    const p = policy('volumetric-if-double', 5000);
    expect(chargeableWeight(p, 821, BOX).chargeableG).toBe(1642);
    expect(chargeableWeight(p, 822, BOX).chargeableG).toBe(822);
  });
});

describe('chargeableWeight properties', () => {
  const ruleArb = fc.constantFrom(...CHARGEABLE_WEIGHT_RULES);
  const policyArb = fc.record({
    rule: ruleArb,
    divisor: fc.constantFrom(4000, 5000, 6000, 8000, 9000),
    roundUpToG: fc.constantFrom(1, 10, 50, 100, 250, 500, 1000),
    minimumG: fc.integer({ min: 0, max: 3000 }),
  });
  const dimsArb = fc.option(
    fc.record({
      lengthMm: fc.integer({ min: 1, max: 1500 }),
      widthMm: fc.integer({ min: 1, max: 1000 }),
      heightMm: fc.integer({ min: 1, max: 1000 }),
    }),
    { nil: undefined },
  );
  const weightArb = fc.integer({ min: 1, max: 70_000 });

  it('is at least the actual weight and the minimum under every rule, and at least volumetric under max', () => {
    fc.assert(
      fc.property(policyArb, weightArb, dimsArb, (p, actual, d) => {
        const w = chargeableWeight(p, actual, d);
        expect(w.actualG).toBe(actual);
        expect(w.chargeableG).toBeGreaterThanOrEqual(Math.max(actual, p.minimumG));
        if (p.rule === 'max' && w.volumetricG !== null)
          expect(w.chargeableG).toBeGreaterThanOrEqual(w.volumetricG);
        // on the step, and less than one step above the basis
        expect(w.chargeableG % p.roundUpToG).toBe(0);
        const basis = Math.max(
          p.minimumG,
          p.rule === 'actual' || w.volumetricG === null
            ? actual
            : p.rule === 'max'
              ? Math.max(actual, w.volumetricG)
              : w.volumetricG >= 2 * actual
                ? w.volumetricG
                : actual,
        );
        expect(w.chargeableG - basis).toBeGreaterThanOrEqual(0);
        expect(w.chargeableG - basis).toBeLessThan(p.roundUpToG);
      }),
      { numRuns: 300 },
    );
  });

  it('never decreases when the actual weight increases, under max and actual', () => {
    fc.assert(
      fc.property(
        policyArb.filter((p) => p.rule !== 'volumetric-if-double'),
        weightArb,
        fc.integer({ min: 1, max: 5000 }),
        dimsArb,
        (p, actual, more, d) => {
          expect(chargeableWeight(p, actual + more, d).chargeableG).toBeGreaterThanOrEqual(
            chargeableWeight(p, actual, d).chargeableG,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never decreases with actual weight under volumetric-if-double while the rule stays on one side of its threshold', () => {
    fc.assert(
      fc.property(
        policyArb.map((p) => ({ ...p, rule: 'volumetric-if-double' as const })),
        weightArb,
        fc.integer({ min: 1, max: 5000 }),
        dimsArb,
        (p, actual, more, d) => {
          const light = chargeableWeight(p, actual, d);
          const heavy = chargeableWeight(p, actual + more, d);
          const volumetricApplies = (w: number) =>
            light.volumetricG !== null && light.volumetricG >= 2 * w;
          if (volumetricApplies(actual) === volumetricApplies(actual + more)) {
            expect(heavy.chargeableG).toBeGreaterThanOrEqual(light.chargeableG);
          } else {
            // crossing the threshold drops from volumetric to actual, never below the actual weight
            expect(heavy.chargeableG).toBeGreaterThanOrEqual(actual + more);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never decreases when a side grows, under every rule', () => {
    fc.assert(
      fc.property(
        policyArb,
        weightArb,
        dimsArb,
        fc.integer({ min: 1, max: 500 }),
        (p, actual, d, grow) => {
          if (!d) return;
          const bigger = { ...d, lengthMm: d.lengthMm + grow };
          expect(chargeableWeight(p, actual, bigger).chargeableG).toBeGreaterThanOrEqual(
            chargeableWeight(p, actual, d).chargeableG,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
