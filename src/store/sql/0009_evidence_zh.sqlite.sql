-- 0009 evidence_zh: the evidence of a finding in Chinese beside the English one, so that
-- `explain --lang zh` and the HTTP API print all-Chinese evidence.  Rendered when the run is
-- made, from the same comparisons as the English text (core/evaluate.c); findings of runs made
-- before this step have NULL here and are explained with the English evidence.  Adding a
-- column updates no row: the immutability triggers of 0005 stay as they are.

ALTER TABLE evaluation_finding ADD COLUMN evidence_zh TEXT;
