import { describe, expect, it } from "vitest";
import { FRAMES_MAX, FRAMES_MIN, framePlan } from "./liveness";

describe("a face proof's challenge as the frames to take", () => {
  it("shows a blink as open, closed, open eyes", () => {
    expect(framePlan(["blink", "turn_left"])).toEqual(["face_front", "close_eyes", "turn_left"]);
    expect(framePlan(["turn_right", "blink"])).toEqual(["turn_right", "close_eyes", "face_front"]);
  });

  it("takes a turn in one frame, and two turns back to back in two", () => {
    expect(framePlan(["turn_left", "turn_right"])).toEqual(["turn_left", "turn_right"]);
    expect(framePlan(["turn_left", "blink", "turn_left"])).toEqual(["turn_left", "close_eyes", "turn_left"]);
  });

  it("keeps every challenge the service issues within 2 to 5 frames", () => {
    const actions = ["blink", "turn_left", "turn_right"];
    const challenges: string[][] = [];
    for (const a of actions)
      for (const b of actions) {
        if (a === b) continue;
        challenges.push([a, b]);
        for (const c of actions) if (c !== b) challenges.push([a, b, c]);
      }
    for (const challenge of challenges) {
      const plan = framePlan(challenge);
      expect(plan, challenge.join(",")).not.toBeNull();
      expect(plan!.length).toBeGreaterThanOrEqual(FRAMES_MIN);
      expect(plan!.length).toBeLessThanOrEqual(FRAMES_MAX);
    }
    expect(framePlan(["blink", "turn_left", "blink"])).toEqual([
      "face_front",
      "close_eyes",
      "turn_left",
      "close_eyes",
      "face_front",
    ]);
  });

  it("refuses an action this phone does not know rather than guess", () => {
    expect(framePlan(["blink", "open_mouth"])).toBeNull();
  });
});
