#!/usr/bin/env python3
"""Validate blind test set 7: safety.jsonl and feedback.jsonl. Prints counts; prints OK if all checks pass."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
TRUE_HARMS = ["physical_abuse", "emotional_abuse", "sexual_abuse", "neglect", "domestic_abuse", "cse_grooming",
              "criminal_exploitation", "online_harm_sextortion", "self_harm", "suicidal", "missing",
              "homeless_destitute", "threats_weapons", "trafficking_slavery", "forced_marriage_honour",
              "radicalisation", "bullying", "help_request", "general_unsafe", "sibling_at_risk"]
FALSE_HARMS = ["idiom_hyperbole", "activity", "resolved_past", "ordinary_complaint", "positive", "other_neutral"]
VOICES = ["young_child", "child", "teen", "care_leaver", "new_to_english", "carer", "parent"]
LABELS = ["positive", "negative", "neutral", "mixed"]
THEMES = ["being_heard", "meeting_experience", "preparation", "iro_relationship", "social_worker", "family_contact",
          "placement_home", "education_work", "health_wellbeing", "leaving_care", "activities", "rights_support"]
errors = []

def err(msg):
    errors.append(msg)

def load(name, keys):
    rows = []
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{i}: blank line"); continue
            try:
                o = json.loads(line)
            except Exception as e:
                err(f"{name}:{i}: bad JSON: {e}"); continue
            if not isinstance(o, dict) or set(o) != set(keys):
                err(f"{name}:{i}: keys {sorted(o) if isinstance(o, dict) else type(o)} != {sorted(keys)}"); continue
            if not isinstance(o["text"], str) or not o["text"].strip():
                err(f"{name}:{i}: empty or non-string text")
            if o["lang"] != "en":
                err(f"{name}:{i}: lang must be en")
            if o["voice"] not in VOICES:
                err(f"{name}:{i}: bad voice {o['voice']!r}")
            rows.append((i, o))
    return rows

def sentences(t):
    return len([s for s in re.split(r"[.!?]+\s+|\n", t.strip()) if len(s.split()) >= 2])

def tricky(t):
    if re.search("[\u200b\u200c\u200d\u2060\ufeff]", t): return True
    if re.search("[\u0400-\u04ff]", t): return True
    if re.search(r"\b\w*[a-z][0-9]\w*\b|\b\w*[0-9][a-z]\w*\b", t.lower()) and re.search(r"[a-z][0-9]|[0-9][a-z]", t.lower()):
        if re.search(r"\b[a-z]*[13457][a-z]+[13457]?[a-z]*\b", t.lower()): return True
    if re.search(r"\b(?:[a-z] ){3,}[a-z]\b", t.lower()): return True
    return False

S = load("safety.jsonl", ["text", "lang", "flag", "harm", "voice"])
F = load("feedback.jsonl", ["text", "lang", "label", "themes", "voice"])

for i, o in S:
    if not isinstance(o["flag"], bool):
        err(f"safety:{i}: flag not bool"); continue
    if o["flag"] and o["harm"] not in TRUE_HARMS:
        err(f"safety:{i}: flag true with harm {o['harm']!r}")
    if not o["flag"] and o["harm"] not in FALSE_HARMS:
        err(f"safety:{i}: flag false with harm {o['harm']!r}")
    if o["flag"] and o["voice"] in ("carer", "parent"):
        err(f"safety:{i}: carer/parent voice on a flag:true line")
for i, o in F:
    if o["label"] not in LABELS:
        err(f"feedback:{i}: bad label {o['label']!r}")
    th = o["themes"]
    if not isinstance(th, list) or len(th) > 3 or len(set(th)) != len(th) or any(t not in THEMES for t in th):
        err(f"feedback:{i}: bad themes {th!r}")

seen = {}
for name, rows in (("safety", S), ("feedback", F)):
    for i, o in rows:
        k = " ".join(o["text"].lower().split())
        if k in seen:
            err(f"{name}:{i}: duplicate text (first at {seen[k]})")
        else:
            seen[k] = f"{name}:{i}"

flag = Counter(o["flag"] for _, o in S)
harm = Counter(o["harm"] for _, o in S)
sv = Counter(o["voice"] for _, o in S)
long_true = sum(1 for _, o in S if o["flag"] and sentences(o["text"]) >= 5)
tricks = sum(1 for _, o in S if tricky(o["text"]))
lab = Counter(o["label"] for _, o in F)
fv = Counter(o["voice"] for _, o in F)
th = Counter(t for _, o in F for t in o["themes"])
nothemes = sum(1 for _, o in F if not o["themes"])

print(f"safety.jsonl: {len(S)} lines; flag true {flag[True]}, false {flag[False]}")
print("  harm:", ", ".join(f"{h}={harm[h]}" for h in TRUE_HARMS + FALSE_HARMS))
print("  voice:", ", ".join(f"{v}={sv[v]}" for v in VOICES))
print(f"  long flag:true lines (5+ sentences): {long_true}; lines with obfuscation tricks: {tricks}")
print(f"feedback.jsonl: {len(F)} lines")
print("  label:", ", ".join(f"{l}={lab[l]}" for l in LABELS))
print("  theme:", ", ".join(f"{t}={th[t]}" for t in THEMES), f"(no theme: {nothemes})")
print("  voice:", ", ".join(f"{v}={fv[v]}" for v in VOICES))

# brief minimums
if len(S) < 380: err("safety: fewer than 380 lines")
if flag[True] < 190: err("safety: fewer than 190 flag:true")
if flag[False] < 150: err("safety: fewer than 150 flag:false")
for h in TRUE_HARMS:
    if harm[h] < 6: err(f"safety: harm {h} has {harm[h]} < 6")
if harm["resolved_past"] < 40: err("safety: fewer than 40 resolved_past")
if long_true < 20: err("safety: fewer than 20 long flag:true lines")
if tricks < 8: err("safety: fewer than 8 trick lines")
if len(F) < 260: err("feedback: fewer than 260 lines")

if errors:
    for e in errors[:50]: print("ERROR", e)
    print(f"FAILED: {len(errors)} errors")
    sys.exit(1)
print("OK")
