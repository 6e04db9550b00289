import { z } from 'zod';
import {
  type CurrencyCode,
  type Exact,
  err,
  type InputIssue,
  isCurrencyCode,
  majorTextToExactMinor,
  ok,
  parseDecimal,
  type Result,
} from '../shared/index.ts';
import { type PlanningPolicy, TIERS, type Tier, type TierPolicy } from './types.ts';

const decimalText = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a plain decimal written as a string, e.g. "0.15"');
const tierSchema = z.strictObject({
  withinDays: z.number().positive().max(120),
  confidence: z.number().gt(0).max(1),
  margin: z.strictObject({ rate: decimalText, minimum: decimalText.default('0') }),
});

/** `policy.yaml` in a network directory: the integrator's service tiers and margins. */
export const policyFileSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  tiers: z.strictObject({ economy: tierSchema, standard: tierSchema, express: tierSchema }),
  withinDays: z.strictObject({ confidence: z.number().gt(0).max(1) }),
  alternativesBudget: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(8)
    .describe('at most this many Pareto alternatives per order'),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** The tiers the issue names, used when a network has no policy.yaml. */
export const DEFAULT_POLICY_FILE: PolicyFile = {
  currency: 'CNY',
  tiers: {
    economy: { withinDays: 20, confidence: 0.8, margin: { rate: '0.12', minimum: '3.00' } },
    standard: { withinDays: 12, confidence: 0.9, margin: { rate: '0.15', minimum: '5.00' } },
    express: { withinDays: 6, confidence: 0.95, margin: { rate: '0.18', minimum: '10.00' } },
  },
  withinDays: { confidence: 0.9 },
  alternativesBudget: 8,
};

export function policyFromFile(file: PolicyFile): Result<PlanningPolicy, InputIssue[]> {
  if (!isCurrencyCode(file.currency))
    return err([
      { line: null, field: 'currency', message: `unknown ISO 4217 currency "${file.currency}"` },
    ]);
  const currency: CurrencyCode = file.currency;
  const tiers = {} as Record<Tier, TierPolicy>;
  for (const tier of TIERS) {
    const t = file.tiers[tier];
    tiers[tier] = {
      withinDays: t.withinDays,
      confidence: t.confidence,
      marginRate: parseDecimal(t.margin.rate) as Exact,
      marginMinimum: majorTextToExactMinor(t.margin.minimum, currency) as Exact,
    };
  }
  return ok({
    currency,
    tiers,
    withinConfidence: file.withinDays.confidence,
    alternativesBudget: file.alternativesBudget,
  });
}

export const DEFAULT_POLICY: PlanningPolicy = (() => {
  const p = policyFromFile(DEFAULT_POLICY_FILE);
  if (!p.ok) throw new Error('default policy is invalid');
  return p.value;
})();
