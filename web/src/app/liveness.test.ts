import { describe, expect, it } from "vitest";
import { type FaceAnswer, FRAMES_MAX, FRAMES_MIN, failureReasons, framePlan } from "./liveness";
import { S } from "./strings";

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

describe("what the pensioner is told at each step", () => {
  it("has a big Chinese instruction and a hint for every step a challenge can ask", () => {
    for (const step of framePlan(["blink", "turn_left", "blink"])!.concat(framePlan(["turn_right", "turn_left"])!)) {
      expect(S.faceSteps[step]).toMatch(/[\u4e00-\u9fff]/);
      expect(S.faceStepHelp[step]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(framePlan(["turn_left", "blink"])!.map((step) => S.faceSteps[step])).toEqual([
      "请慢慢向左转头（领取人自己的左边）",
      "请正对镜头，闭上眼睛",
      "请正对镜头，睁开眼睛",
    ]);
  });
});

describe("why a face proof did not pass", () => {
  const answer = (over: Partial<FaceAnswer>): FaceAnswer => ({
    passed: false,
    failure_code: "",
    certification: null,
    decision: null,
    retake_hints: [],
    ...over,
  });

  it("says a liveness failure's own reasons, each once, with words for each", () => {
    const reasons = failureReasons(
      answer({
        failure_code: "LIVENESS_FAILED",
        decision: { outcome: "REFUSED", reasons: ["ACTION_NOT_SHOWN", "LIVENESS_FAILED"] },
      }),
    );
    expect(reasons).toEqual(["LIVENESS_FAILED", "ACTION_NOT_SHOWN"]);
    for (const code of reasons) expect(S.faceFailures[code]).toBeTruthy();
  });

  it("leaves a retake to the service's frame-by-frame hints", () => {
    const hint = { code: "TOO_DARK", frame: 0, message_zh: "光线太暗，请到明亮的地方重新拍摄", message_en: "" };
    expect(failureReasons(answer({ failure_code: "TOO_DARK", retake_hints: [hint] }))).toEqual([]);
    expect(failureReasons(answer({ passed: true }))).toEqual([]);
  });
});
