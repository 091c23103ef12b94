#!/usr/bin/env python3
"""Validate blind set 5: every line parses, ids come from the allowed lists; print counts per field.
Only validates and counts. Exit code 1 on any error."""
import json, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
TRUE_HARMS = {"physical_abuse", "emotional_abuse", "sexual_abuse", "neglect", "domestic_abuse",
              "cse_grooming", "criminal_exploitation", "online_harm_sextortion", "self_harm", "suicidal",
              "missing", "homeless_destitute", "threats_weapons", "trafficking_slavery",
              "forced_marriage_honour", "radicalisation", "bullying", "help_request", "general_unsafe",
              "sibling_at_risk"}
FALSE_HARMS = {"idiom_hyperbole", "activity", "resolved_past", "ordinary_complaint", "positive", "other_neutral"}
SAFETY_VOICES = {"young_child", "child", "teen", "care_leaver", "new_to_english", "carer", "parent"}
CHILD_VOICES = {"young_child", "child", "teen", "care_leaver", "new_to_english"}
FB_VOICES = SAFETY_VOICES
LABELS = {"positive", "negative", "neutral", "mixed"}
THEMES = {"being_heard", "meeting_experience", "preparation", "iro_relationship", "social_worker",
          "family_contact", "placement_home", "education_work", "health_wellbeing", "leaving_care",
          "activities", "rights_support"}

errors = []

def load(name, keys):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"{name}:{i}: blank line"); continue
            try:
                o = json.loads(line)
            except Exception as e:
                errors.append(f"{name}:{i}: bad JSON: {e}"); continue
            if set(o) != keys:
                errors.append(f"{name}:{i}: keys {sorted(o)} != {sorted(keys)}")
            if not isinstance(o.get("text"), str) or not o.get("text", "").strip():
                errors.append(f"{name}:{i}: empty text")
            if o.get("lang") != "en":
                errors.append(f"{name}:{i}: lang must be en")
            rows.append((i, o))
    return rows

def dupes(name, rows):
    seen = {}
    for i, o in rows:
        t = o.get("text", "").strip().lower()
        if t in seen:
            errors.append(f"{name}:{i}: duplicate text of line {seen[t]}")
        seen.setdefault(t, i)

def odd(t):
    if any(ord(c) in (0x200b, 0x200c, 0x200d, 0xfeff) or 0x370 <= ord(c) <= 0x4ff for c in t):
        return True
    # leetspeak: 3+ words that mix letters with the digits 0/1/3/4
    words = [w for w in t.split() if any(c.isalpha() for c in w) and any(c in "0134" for c in w)]
    return len(words) >= 3

# safety
S = load("safety.jsonl", {"text", "lang", "flag", "harm", "voice"})
dupes("safety.jsonl", S)
for i, o in S:
    fl, h, v = o.get("flag"), o.get("harm"), o.get("voice")
    if not isinstance(fl, bool):
        errors.append(f"safety.jsonl:{i}: flag not bool")
    elif fl and h not in TRUE_HARMS:
        errors.append(f"safety.jsonl:{i}: flag=true with harm {h!r}")
    elif not fl and h not in FALSE_HARMS:
        errors.append(f"safety.jsonl:{i}: flag=false with harm {h!r}")
    if v not in SAFETY_VOICES:
        errors.append(f"safety.jsonl:{i}: voice {v!r}")
    if fl and v not in CHILD_VOICES and h not in {"sibling_at_risk", "missing"}:
        errors.append(f"safety.jsonl:{i}: adult voice on flag=true (only sibling/missing reports allowed)")

# feedback
F = load("feedback.jsonl", {"text", "lang", "label", "themes", "voice"})
dupes("feedback.jsonl", F)
for i, o in F:
    if o.get("label") not in LABELS:
        errors.append(f"feedback.jsonl:{i}: label {o.get('label')!r}")
    th = o.get("themes")
    if not isinstance(th, list) or len(th) > 3 or len(set(th)) != len(th) or any(t not in THEMES for t in th):
        errors.append(f"feedback.jsonl:{i}: themes {th!r}")
    if o.get("voice") not in FB_VOICES:
        errors.append(f"feedback.jsonl:{i}: voice {o.get('voice')!r}")

def show(title, c):
    print(f"  {title}:")
    for k, n in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"    {k:<26} {n}")

print(f"safety.jsonl: {len(S)} lines")
show("flag", collections.Counter(str(o["flag"]).lower() for _, o in S))
show("harm (flag=true)", collections.Counter(o["harm"] for _, o in S if o["flag"] is True))
show("harm (flag=false)", collections.Counter(o["harm"] for _, o in S if o["flag"] is False))
show("voice", collections.Counter(o["voice"] for _, o in S))
longs = [o for _, o in S if o["flag"] is True and sum(o["text"].count(p) for p in ".!?") >= 5]
print(f"  long flag=true (5+ sentence marks): {len(longs)}")
oddc = collections.Counter(o["flag"] for _, o in S if odd(o["text"]))
print(f"  lines with odd characters (Cyrillic/Greek/zero-width/leetspeak): {sum(oddc.values())} (flag true {oddc[True]}, false {oddc[False]})")

print(f"feedback.jsonl: {len(F)} lines")
lab = collections.Counter(o["label"] for _, o in F)
show("label", lab)
for k in sorted(lab):
    print(f"    share {k:<20} {100*lab[k]/len(F):.1f}%")
show("theme", collections.Counter(t for _, o in F for t in o["themes"]))
print(f"  lines with no theme: {sum(1 for _, o in F if not o['themes'])}")
show("themes per line", collections.Counter(len(o["themes"]) for _, o in F))
show("voice", collections.Counter(o["voice"] for _, o in F))
print(f"  carer+parent: {sum(1 for _, o in F if o['voice'] in ('carer', 'parent'))}")

# brief minimums
if len(S) < 360: errors.append("safety.jsonl: fewer than 360 lines")
if sum(1 for _, o in S if o["flag"] is True) < 180: errors.append("safety.jsonl: fewer than 180 flag=true")
if len(longs) < 25: errors.append("safety.jsonl: fewer than 25 long flag=true lines")
if len(F) < 260: errors.append("feedback.jsonl: fewer than 260 lines")
tc = collections.Counter(t for _, o in F for t in o["themes"])
for t in THEMES:
    if tc[t] < 15: errors.append(f"feedback.jsonl: theme {t} on fewer than 15 lines ({tc[t]})")
if sum(1 for _, o in F if o["voice"] in ("carer", "parent")) < 55: errors.append("feedback.jsonl: carer+parent < 55")

if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors: print("  " + e)
    sys.exit(1)
print("\nOK")
