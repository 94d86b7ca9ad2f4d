/** Where the phone is, for a visit: the browser's position as the gateway takes it (degrees times 1,000,000 as
 * integers, the accuracy in whole metres), or why there is none. */

export interface Position {
  latitude_e6: number;
  longitude_e6: number;
  accuracy_m: number;
}

export type GeoProblem = "geo_unsupported" | "geo_denied" | "geo_unavailable" | "geo_timeout";

// A phone's GPS may take a while to fix outdoors after a cold start; longer than this, the agent is told.
const GEO_TIMEOUT_MS = 30_000;
// The gateway's bound on the accuracy radius (ACCURACY_M_MAX).
const ACCURACY_M_MAX = 100_000;

/** Degrees to the integer millionths the contract carries (34.757975 -> 34757975). */
export function toE6(degrees: number): number {
  return Math.round(degrees * 1_000_000);
}

export function toPosition(coords: { latitude: number; longitude: number; accuracy: number }): Position {
  return {
    latitude_e6: toE6(coords.latitude),
    longitude_e6: toE6(coords.longitude),
    accuracy_m: Math.min(ACCURACY_M_MAX, Math.max(0, Math.round(coords.accuracy || 0))),
  };
}

export function locate(): Promise<Position | GeoProblem> {
  if (!("geolocation" in navigator)) return Promise.resolve("geo_unsupported");
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (found) => resolve(toPosition(found.coords)),
      (error) =>
        resolve(
          error.code === error.PERMISSION_DENIED
            ? "geo_denied"
            : error.code === error.TIMEOUT
              ? "geo_timeout"
              : "geo_unavailable",
        ),
      { enableHighAccuracy: true, timeout: GEO_TIMEOUT_MS, maximumAge: 60_000 },
    ),
  );
}
