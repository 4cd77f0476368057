/**
 * A filtered list counts its matches exactly up to this many. Past it, counting every match of a
 * broad filter over a million clients would cost far more than the page (a search matching
 * 35,000 clients: 160 ms to count them all, 20 ms to count 10,001), so the answer says "more than
 * COUNT_CAP" (`capped: true`, header X-Total-More-Than), never a guess.
 */
export const COUNT_CAP = 10_000;

/** Up to this many matches, their ids and sort keys are read whole and the page is picked from them. */
export const WHOLE_MATCHES_LIMIT = 1000;

/** The thresholds that choose how a page is read; none changes what a page holds. */
export interface ListTuning {
  /** The exact count stops here: COUNT_CAP. */
  countCap: number;
  /** Past WHOLE_MATCHES_LIMIT, up to this many matches are read whole (their ids and sort keys through the filter's index): cheaper than trying another way first. */
  fewMatches: number;
  /** The most rows a bounded walk of the sort index reads before giving up. */
  walkedRows: number;
  /** Matches above this share of the table are read by walking the sort index. */
  spreadShare: number;
}

export const DEFAULT_LIST_TUNING: ListTuning = Object.freeze({ countCap: COUNT_CAP, fewMatches: 5 * WHOLE_MATCHES_LIMIT, walkedRows: 5_000, spreadShare: 0.1 });
