#!/usr/bin/env python3
"""Validate blind set 6: every line parses, ids are from the brief's lists, print counts."""
import json, sys
from collections import Counter

TRUE_HARMS = {"physical_abuse","emotional_abuse","sexual_abuse","neglect","domestic_abuse","cse_grooming",
  "criminal_exploitation","online_harm_sextortion","self_harm","suicidal","missing","homeless_destitute",
  "threats_weapons","trafficking_slavery","forced_marriage_honour","radicalisation","bullying","help_request",
  "general_unsafe","sibling_at_risk"}
FALSE_HARMS = {"idiom_hyperbole","activity","resolved_past","ordinary_complaint","positive","other_neutral"}
SAFETY_VOICES = {"young_child","child","teen","care_leaver","new_to_english","carer","parent"}
FB_VOICES = SAFETY_VOICES
LABELS = {"positive","negative","neutral","mixed"}
THEMES = {"being_heard","meeting_experience","preparation","iro_relationship","social_worker","family_contact",
  "placement_home","education_work","health_wellbeing","leaving_care","activities","rights_support"}

errors = []
def load(fn):
    rows = []
    with open(fn, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"{fn}:{i}: blank line"); continue
            try:
                rows.append((i, json.loads(line)))
            except Exception as e:
                errors.append(f"{fn}:{i}: bad json {e}")
    return rows

safety = load("safety.jsonl")
for i, r in safety:
    if set(r) != {"text","lang","flag","harm","voice"}: errors.append(f"safety:{i}: keys {sorted(r)}")
    if not isinstance(r.get("text"), str) or not r.get("text").strip(): errors.append(f"safety:{i}: text")
    if r.get("lang") != "en": errors.append(f"safety:{i}: lang")
    if r.get("flag") is True and r.get("harm") not in TRUE_HARMS: errors.append(f"safety:{i}: harm {r.get('harm')} with flag true")
    if r.get("flag") is False and r.get("harm") not in FALSE_HARMS: errors.append(f"safety:{i}: harm {r.get('harm')} with flag false")
    if not isinstance(r.get("flag"), bool): errors.append(f"safety:{i}: flag")
    if r.get("voice") not in SAFETY_VOICES: errors.append(f"safety:{i}: voice {r.get('voice')}")
    if r.get("flag") is True and r.get("voice") in {"carer","parent"}: errors.append(f"safety:{i}: adult voice on flag true")

fb = load("feedback.jsonl")
for i, r in fb:
    if set(r) != {"text","lang","label","themes","voice"}: errors.append(f"feedback:{i}: keys {sorted(r)}")
    if not isinstance(r.get("text"), str) or not r.get("text").strip(): errors.append(f"feedback:{i}: text")
    if r.get("lang") != "en": errors.append(f"feedback:{i}: lang")
    if r.get("label") not in LABELS: errors.append(f"feedback:{i}: label {r.get('label')}")
    t = r.get("themes")
    if not isinstance(t, list) or len(t) > 3 or len(set(t)) != len(t) or any(x not in THEMES for x in t):
        errors.append(f"feedback:{i}: themes {t}")
    if r.get("voice") not in FB_VOICES: errors.append(f"feedback:{i}: voice {r.get('voice')}")

texts = [r["text"] for _, r in safety] + [r["text"] for _, r in fb]
dups = [t for t, c in Counter(texts).items() if c > 1]
for d in dups: errors.append(f"duplicate text: {d[:60]}")

def show(title, c):
    print(title)
    for k, v in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))): print(f"  {k}: {v}")

print(f"safety.jsonl: {len(safety)} lines")
show(" flag", Counter(r["flag"] for _, r in safety))
show(" harm", Counter(r["harm"] for _, r in safety))
show(" voice", Counter(r["voice"] for _, r in safety))
longs = sum(1 for _, r in safety if r["flag"] and sum(r["text"].count(p) for p in ".!?") >= 5)
print(f" flag=true lines with 5+ sentence marks (rough long count): {longs}")
odd = sum(1 for _, r in safety if any(ord(ch) > 0x2000 and ch in "\u200b\u200c\u200d\ufeff" or 0x370 <= ord(ch) <= 0x4ff for ch in r["text"]))
print(f" lines with Cyrillic/Greek/zero-width chars: {odd}")
print(f"feedback.jsonl: {len(fb)} lines")
show(" label", Counter(r["label"] for _, r in fb))
show(" voice", Counter(r["voice"] for _, r in fb))
show(" theme", Counter(t for _, r in fb for t in r["themes"]))
print(f"  (no theme): {sum(1 for _, r in fb if not r['themes'])}")
show(" themes per line", Counter(len(r["themes"]) for _, r in fb))

if errors:
    print(f"\n{len(errors)} ERRORS"); [print(" ", e) for e in errors[:80]]; sys.exit(1)
print("\nOK")
