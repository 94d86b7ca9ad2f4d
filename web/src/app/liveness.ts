/** A face proof's challenge turned into the frames to take, one step each: the service asks for 2 or 3 actions
 * (blink, turn left, turn right; never the same twice in a row) shown in 2 to 5 frames, and judges a blink as open
 * eyes, then closed, then open again, and a turn as one frame with the head turned (services/verification
 * domain/liveness.py). Each step is one photo the agent takes while the pensioner does what it says. */

/** What the pensioner does for one frame. */
export type FrameStep = "face_front" | "close_eyes" | "turn_left" | "turn_right";

/** The challenge's actions as the gateway names them (LivenessActionName). */
export type LivenessAction = "blink" | "turn_left" | "turn_right" | "unspecified";

export const FRAMES_MIN = 2;
export const FRAMES_MAX = 5;

/** The frames to take for `actions`, in order; null for an action this phone does not know (a newer service). A
 * blink is a front frame with open eyes (the previous frame's, if it had open eyes), one with closed eyes, and a
 * frame with open eyes after (the next turn's, or a front one). At most 5 for any challenge the service issues. */
export function framePlan(actions: readonly string[]): FrameStep[] | null {
  const steps: FrameStep[] = [];
  let needsOpenEyes = false;
  for (const action of actions) {
    if (action === "blink") {
      // The eyes must be seen open before they close: every step but a closed-eyes one shows them open.
      if (steps.length === 0 || steps[steps.length - 1] === "close_eyes") steps.push("face_front");
      steps.push("close_eyes");
      needsOpenEyes = true;
    } else if (action === "turn_left" || action === "turn_right") {
      steps.push(action);
      needsOpenEyes = false;
    } else {
      return null;
    }
  }
  if (needsOpenEyes) steps.push("face_front");
  // A challenge of one turn (not issued today) still needs two frames: a front one first.
  if (steps.length < FRAMES_MIN) steps.unshift("face_front");
  return steps.length <= FRAMES_MAX ? steps : null;
}

/** What the service answers for a face proof (FaceCertificationOut), as far as the screen reads it. */
export interface FaceAnswer {
  passed: boolean;
  failure_code: string;
  certification: { next_due_on: string | null } | null;
  decision: { outcome: string; reasons: string[] } | null;
  retake_hints: { code: string; frame: number; message_zh: string; message_en: string }[];
}

/** The codes that say why a face proof did not pass, most telling first: the failure code, then the decision's
 * other reasons (a liveness failure's ACTION_NOT_SHOWN, ...), without repeats; none for a retake, whose hints say
 * it frame by frame. */
export function failureReasons(answer: FaceAnswer): string[] {
  if (answer.passed || answer.retake_hints.length > 0) return [];
  const codes = [answer.failure_code, ...(answer.decision?.reasons ?? [])].filter(Boolean);
  return [...new Set(codes)];
}
