// How webhooks are delivered: read from the environment by the shell and passed in.

export interface WebhookConfig {
  /**
   * Development only (SILKLINE_WEBHOOKS_ALLOW_PRIVATE=1): endpoints on private, loopback,
   * link-local, CGNAT or unspecified addresses are accepted (and marked allow_private), and
   * delivered to. A delivery to a private address needs both the endpoint's mark and this flag
   * in the delivering process.
   */
  readonly allowPrivate: boolean;
  /** Attempts per delivery before it is marked failed. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; it doubles per attempt up to backoffMaxSeconds. */
  readonly backoffBaseSeconds: number;
  readonly backoffMaxSeconds: number;
  /** Per attempt, for the whole request and response. */
  readonly timeoutMs: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  allowPrivate: false,
  maxAttempts: 10,
  backoffBaseSeconds: 10,
  backoffMaxSeconds: 3600,
  timeoutMs: 10_000,
};

export function webhookConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): WebhookConfig {
  const flag = (env.SILKLINE_WEBHOOKS_ALLOW_PRIVATE ?? '').toLowerCase();
  return { ...DEFAULT_WEBHOOK_CONFIG, allowPrivate: flag === '1' || flag === 'true' };
}

/** Seconds to wait after the given (1-based) failed attempt: base · 2^(attempt−1), capped. */
export function retryDelaySeconds(config: WebhookConfig, failedAttempt: number): number {
  return Math.min(
    config.backoffMaxSeconds,
    config.backoffBaseSeconds * 2 ** Math.max(0, failedAttempt - 1),
  );
}
