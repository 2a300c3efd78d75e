// The money vocabulary shared by server and web (DESIGN.md, capability 3).

/** How the hours of a service are billed: from the contract's hour balance, paid at the rate, or free but counted. */
export const TARIFF_MODES = ['balance', 'paid', 'free'] as const;
export type TariffMode = (typeof TARIFF_MODES)[number];

export const CONTRACT_KINDS = ['hourly', 'subscription', 'its', 'internal'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const SERVICE_KINDS = ['product', 'module', 'service'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** A month as statements name it: `2026-11`. */
export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';
