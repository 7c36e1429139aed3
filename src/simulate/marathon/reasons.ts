// Marathon's reasons for declining an offer (NoOfferMatchReason), the funnel order `/v2/queue` counts
// them in, and the funnel steps it reports. Plain data and small pure functions.

/** Why Marathon's matcher declined an offer for one app, with Marathon's own names. */
export type NoOfferMatchReason =
  | "UnfulfilledRole"
  | "UnfulfilledConstraint"
  | "NoCorrespondingReservationFound"
  | "AgentMaintenance"
  | "InsufficientCpus"
  | "InsufficientMemory"
  | "InsufficientDisk"
  | "InsufficientGpus"
  | "InsufficientPorts"
  | "DeclinedScarceResources";

/** `/v2/queue` counts each declined offer once, under the first of its reasons in this order. */
export const REASON_FUNNEL: readonly NoOfferMatchReason[] = [
  "UnfulfilledRole",
  "UnfulfilledConstraint",
  "NoCorrespondingReservationFound",
  "AgentMaintenance",
  "InsufficientCpus",
  "InsufficientMemory",
  "InsufficientDisk",
  "InsufficientGpus",
  "InsufficientPorts",
  "DeclinedScarceResources",
];

const RANK = new Map(REASON_FUNNEL.map((r, i) => [r, i]));

/** The reason an offer is counted under: the earliest in the funnel; undefined when there is none. */
export function funnelReason(reasons: readonly NoOfferMatchReason[]): NoOfferMatchReason | undefined {
  let best: NoOfferMatchReason | undefined;
  for (const r of reasons) if (best === undefined || RANK.get(r)! < RANK.get(best)!) best = r;
  return best;
}

/** One step of the funnel: offers still in play when this reason is checked, and those it declined. */
export interface FunnelStep {
  readonly reason: NoOfferMatchReason;
  readonly declined: number;
  readonly processed: number;
}

/**
 * Marathon's funnel over declined offers, as `/v2/queue` reports it in `rejectSummaryLastOffers`: every
 * reason in funnel order, how many offers it declined first, and how many reached it. `processed` counts
 * every declined offer, including those declined without a reason (a remote region).
 * @example funnelSteps([["UnfulfilledConstraint"], ["InsufficientCpus", "UnfulfilledConstraint"]])[1] // { reason: "UnfulfilledConstraint", declined: 2, processed: 2 }
 */
export function funnelSteps(declined: readonly (readonly NoOfferMatchReason[])[]): FunnelStep[] {
  const counts = new Map<NoOfferMatchReason, number>();
  for (const reasons of declined) {
    const r = funnelReason(reasons);
    if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  let processed = declined.length;
  return REASON_FUNNEL.map((reason) => {
    const n = counts.get(reason) ?? 0;
    const step = { reason, declined: n, processed };
    processed -= n;
    return step;
  });
}
