"""Which training recipe makes the best tool caller? Train each, evaluate each, print one table.

    .venv/bin/python benchmarks/recipes.py --data runs/offline [--recipes default,contrast] [--rows 128]
                                           [--single-token-markers] [--guided] [--no-think] [--reuse]
                                           [--synth N [--synth-goals [both]] [--synth-goal-count K]
                                            [--synth-more-kinds | --synth-more M] [--synth-said S]] [--pairs N]
                                           [--stating N] [--epochs E] [--preset P] [--prompt-grad on|off] [--lora-r R]
                                           [--learning-rate LR] [--init-from A[,B] --init-rows N[,M] --init-synth S]
                                           [--replay] [--save-steps K] [--draw-seed D] [--decision-weight W]
                                           [--soup RUN,RUN[,...]]

`--data` is a run folder of `make run` (its `data/` split). Every recipe trains
on the same `--rows` training conversations (notebook 04's draw) for `--epochs`
passes (1) with the `--preset` (`cpu`), and is scored on notebook 06's seeded sample of held-out
rows (`--eval-rows`, 120), forced choice of tool included. Recipes:

* default:  notebook 04 as it is (LoRA r8 on every projection + the <end_of_turn> row).
* full:     every weight of the decoder layers trained instead of LoRA (embeddings
            frozen), at `--full-lr`: Google's own guide fine-tunes Gemma 3 270M in full.
* contrast: + `--twins` no-call twins of single-call rows: the same question with
            the called tool, and every tool of its domain, taken off the list, so
            that only the list tells calling from not calling.
* switch:   thinking as a prompt switch: the `<think>` that opens a model turn is
            not trained, and at evaluation a row whose reference thinks gets
            `<think>` appended to its prompt, so the first token only chooses
            between calling and answering (as `enable_thinking` does in chat templates).
* evidence: thinking that decides only after restating the evidence: every thinking
            first turn opens with `The user asked: "<question>" My tools are a, b.`,
            then the data's call reasoning, or "None of them can do that…". The
            data's own thinking decides at its first words ("The user asked:" for
            no call, "The user wants to…" for a call), before any evidence.
* rename:   in `--rename-share` of the conversations (half), every offered tool gets another
            name (a synonym verb, or words of other tools' names), in the list, the calls
            and the thinking alike, so that the name can only come from reading the list
            (the model invents names: "convert_to_gall"); arguments keep theirs.
* plain:    no thinking at all: every model turn's thinking is dropped from the training
            conversations, so that every turn, not only the half that does not think,
            trains the first token's choice between calling and answering.
* parts join with "+": contrast+switch, contrast+switch+evidence, ...

Each recipe takes ~10 min of training and ~5 of evaluation on a 2-core CPU.
Prints, per recipe, what notebook 06's table shows and the call-decision counts.
Targets (issue 7): AST >= 95 % seen, >= 85 % unseen, parse >= 98 %, no-call >= 90 %.

Measured here (2026-11-22; `default` reproduces notebook 06's stored figures exactly;
"contrast" and "full" were run with the same code before it moved into this file):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    default                    128   90.0  23.3  32.6  17.6  27.6  75.8       0    0            66.7
    full (lr 1e-4)             128   65.8  13.3  13.0  13.5  41.4  67.5      17    7            66.7
    contrast                   168   81.7  23.3  34.8  16.2  51.7  66.7      18    7            68.3
    contrast+switch            168   94.2  26.7  30.4  24.3  79.3  62.5      38   22            66.7
    contrast+switch+evidence   168   90.8  25.0  26.1  24.3  69.0  65.8      29   17            76.7

No recipe moves the call decision past always calling (75.8 %, the share of rows
where a call is due): twins make the model answer without a call, but as often
where a call was due as where none was.

The same adapters scored under guided decoding (`--reuse --guided`, fccourse.guided:
inside a <tool_call> only what the row's tools accept; "default" is notebook 06's
section 5). Every figure but parse and AST is a decision guidance does not touch;
no-call falls where the free model's broken calls had counted as no call:

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    default                    128  100.0  21.7  30.4  16.2   0.0  75.8       0    0            66.7
    contrast+switch            168  100.0  31.7  32.6  31.1  75.9  62.5      38   22            66.7
    contrast+switch+evidence   168   95.8  29.2  28.3  29.7  65.5  65.8      29   17            76.7
    contrast+switch (--rows 256 --twins 80)
                               336   83.3  30.8  34.8  28.4  65.5  62.5      35   19            68.3

(The undecodable rows of contrast+switch+evidence that its report lists break in the
<think> part, which guidance leaves free: a thought never closed, one cut by the token limit.
Twice the rows for twins + switch (17 min of training) moved nothing: AST 31.7 -> 30.8 %,
forced choice 66.7 -> 68.3 %; 11 outputs no longer decode, most a thought looping over
tool names to the token limit.)

More passes over the same conversations (`--epochs`; twins + switch, 168 conversations,
guided; 2 epochs 1007 s of training, 3 epochs 1490 s):

    epochs                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    1                          168  100.0  31.7  32.6  31.1  75.9  62.5      38   22            66.7
    2                          168   97.5  35.8  37.0  35.1  79.3  63.3      38   23            61.7
    3                          168   95.0  30.0  34.8  27.0  44.8  68.3      22   13            68.3

One standard error of an AST match near a third on 120 rows is 4.3 points. The same two
adapters on all 357 held-out rows (`--reuse --guided --eval-rows 357`, ~13 min each here):

    2                          168   97.2  28.6  29.0  28.1  71.4  54.9     138   54            58.3
    3                          168   94.1  29.4  29.6  29.2  41.6  63.9      84   32            71.7

The 2-epoch 35.8 % was the sample's luck: on the whole split epochs move AST match by under a
point, as 8x the rows did (notebook 06: 28 %). (Rank 32 instead of 8, 1 epoch: AST 30.8 %.)

On a GPU the `cpu` preset runs as it is (fp32, batch 2): 800 steps in 128 s on an H100, now that it
back-propagates through the prompt (the end of this docstring). With `--prompt-grad off` each row's
prompt is its own batch-1 pass without autograd, which leaves a GPU waiting on launches (the same
800 steps: 327 s; ~3 s a step at batch 16).

Renamed tools (`--recipes contrast+switch+rename --guided`, 545 s of training) do not teach
reading the list: forced choice falls 66.7 -> 56.7 % and AST 31.7 -> 30.0 %:

    contrast+switch+rename     168   99.2  30.0  34.8  27.0  65.5  62.5      35   19            56.7

A low loss does not mean the calls are learned. Scored on 120 of its own 128 training
conversations (a data folder whose test.jsonl holds them, `--reuse --guided`), the 3-epoch
twins + switch adapter (final loss 0.07; teacher forcing gets 98 % of the tokens of their
first answers right) writes only 54.2 % of them right, forced choice 89 %: the 2 % it misses
are the few tokens that decide (call or not, which tool, a thought's first words), and a free
run goes where they lead. Even on rows seen three times, the decision is not learned.

How the prompt lays out the list was probed without training, by forced choice (and its
`first_listed` figure: before training the base model ranks the first tool offered first in
80 % of the held-out split's 186 testable rows, where that tool is right in 40 %; the default
adapter, in 53 %). No layout moved forced choice by more than noise (one standard error is
3.6 points on 186 rows, 6 on 60) except putting the request first, which lowered it, so none
was trained:

    layout                                                   base 186  base 60  adapter 60
    the template's (each tool line opens with its name)        57.0     58.3      66.7
    description before the name in each tool line              58.6     65.0       -
    name last in each tool line (after its parameters)         61.3     65.0       -
    the request before the tool list                             -      43.3      35.0
    the request before the list and again after it               -      46.7       -
    list and reversed list, each name's two scores added         -        -       66.7

Single-token markers (`--single-token-markers`, free decoding): notebook 03's repurposed
<unusedN> tokens, with the rows of <think>, </think>, <tool_call> and </tool_call> trained beside
<end_of_turn>'s. Written as text, <think> and <tool_call> both begin with "<", and notebook 06
reads the always-calling first decision in that shared token; as tokens of their own they leave
the decision where it was (the default still writes a call in 118 of the 120 rows),
and AST match too (as text: 23.3 and 26.7 %, forced choice 66.7 % both):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    default                    128   90.0  20.0  30.4  13.5  17.2  75.8       1    1            71.7
    contrast+switch            168   95.8  26.7  28.3  25.7  62.1  61.7      34   17            75.0

What they do change is the position bias, the one recipe so far that removes it. On all 186 testable
rows of the held-out split (`evaluate.forced_choice(..., limit=0)`), the single-token default ranks
the first tool offered first in 41.4 % of them, where that tool is right in 40.3 % (as text: 52.7 %),
and its forced choice is 67.7 % (as text: 62.4 %; contrast+switch with single tokens: 69.4 %, 41.4 %).
It reads the list a little better once it calls; it still calls where it should not, its free-running
tool names barely follow (53.8 % right against 50.5 %, notebook 06's sample) and its arguments do not
(exactly right in 20.9 % of the calls due against 22.0 %).

Everything that helped, at 8x the rows (`--recipes contrast+switch --single-token-markers --rows 1024
--twins 320 --guided --eval-rows 357`: 1344 conversations, 4058 s of training, 625 s to score all
357 held-out rows). Beside it, the default recipe on the same 1024 conversations (notebook 06, free
decoding; the guided 2-epoch twins + switch above on 168, 28.6 %):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+switch, tokens   1344   98.6  35.6  38.6  32.6  93.5  60.2     137   72            70.0
    default (free)            1024   93.8  28.3  35.8  20.8  42.9    -        -    -            80.8

The best AST match on the whole split so far, and the first run to meet two targets, parse (>= 98 %)
and no-call (>= 90 %: 72 of 77 rows). It meets no-call by not calling: 137 of the 280 due calls are
missed, so the call decision (60.2 %) is below always calling's 78.4 %, and only 19.6 % of the due
calls are right (tool name 37.9 %, parallel 9.4 %). Forced choice (70.0 %, its own 120-row draw, not the
default's 80.8 %) and its position bias (first tool ranked first in 51.7 %, right in
39.2 %) say the list is read no better than at 168 rows. The twins move the decision from one wrong
extreme toward the other as at 168 rows; 8x the rows did not teach the model which side a row is on.

How much of the decision is in the default adapter at all (a scratch probe, not a recipe): the
log-odds of a call's opening (`<tool_call>\\n{`) against the data's three no-call openings, after
the prompt, rank rows where a call is due above rows where none is with an AUC of 0.76 (120
held-out first turns, `random.Random(0)`, 91 with a call due); the best threshold on it, chosen
on these same rows, would be right in 81.7 % against always calling's 75.8 %. The same log-odds between the thoughts' openings (call: "The user wants
to", ...; no call: 'The user asked: "', ...): AUC 0.51. A decision bias at decoding time has
little to work with. (That was the default adapter at 128 rows; the 8x-rows adapter below reads the
list at its first token.)

Where the 8x-rows adapter misses its calls: 122 of the 137 in the 163 held-out rows whose reference
thinks, which are every call due there. Given `<think>` (the switch), it writes the no-call thought in
all of them ('The user asked: "..." My tools are ...; none of them can do that'), tool-name accuracy 0
on those rows; on the 194 that do not think it decides well (decision 89.7 %, AST 44.3 %). The data's thoughts
decide in their first words: no call opens 'The user asked: "' or "Let me check the tools", a call one
of five openings ("The user asked me to", "The user wants to", "Let me see which", ...). The adapter's
probabilities for those words are the same whatever the prompt offers ("asked" 0.7 against "wants"
0.3, then ":" 0.6 against " me" 0.3, in each of six rows probed), and they are the training
frequencies: of the 1344 conversations' 364 thoughts that open "The user", 272 go on "asked" (0.75),
and 154 of those ":" (0.57). It learned the openings' frequencies, not the decision, and greedy
decoding follows the most frequent opening word by word into the no-call thought, though 410 of the
685 thinking turns call. The same adapter with thinking off (`--no-think`: no row's
prompt gets the `<think>` opener; it then never opens a thought itself) decides at its first token,
`<tool_call>` or an answer, where it does read the list (AUC 0.93 of the `<tool_call>` margin):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+switch, tokens   1344   98.6  35.6  38.6  32.6  93.5  60.2     137   72            70.0
      thinking off            1344  100.0  43.7  50.8  36.5  84.4  86.6      36   65            70.0
      thinking off, +1 bias   1344  100.0  42.3  48.6  36.0  71.4  89.9      14   55            70.0
    contrast+switch, tokens    168   99.4  24.9  25.1  24.7  57.1  56.9     121   44            67.5
      thinking off             168  100.0  26.9  29.0  24.7  26.0  77.9      22   20            67.5
(all 357 held-out rows, guided; rows whose reference does not think score as before, to the digit;
forced choice does not depend on thinking. The 168-row adapter: `--single-token-markers --guided`, 466 s
of training; with `--no-think`, then `--reuse` without it.)
The best AST match so far, and the first call decision above always calling's (78.4 %). At 168
rows thinking off only moves the failure: that adapter also refuses in its thoughts (its decision is right
in 27 % of the thinking rows), but calls in nearly every other row (no-call 22 % there), so its first
token has not learned the decision either, and AST match barely moves (24.9 -> 26.9 %). The bias
row is the decoding-time threshold: +1 on the `<tool_call>` logit outside a thought and before a
call, the best of a grid on 240 training rows this adapter never saw (right decisions 216 of 240
against 210 unbiased). It calls in 22 of the 36 rows it missed, but only 5 of those calls come out
right, and it now calls in 10 rows it had rightly answered: AST falls. (Scratch probe, not a
flag: the unbiased run's margins give every bias's decision at once, since greedy decoding calls
exactly where the margin plus the bias first turns positive.) A thought that decides in its first
words is a coin the model tosses by its training frequencies; for tool calls, decide first.

Decide first, then: the same 1344 conversations with every thought dropped (`--recipes contrast+plain
--single-token-markers --rows 1024 --twins 320 --guided --eval-rows 357`, 3464 s of training, 510 s
to score). With the switch, a turn that thinks trains neither the first token's choice (its
`<think>` is masked) nor the choice of tool (the name after `<tool_call>` is copied from the thought,
"I'll call search_jobs"). Of the 1642 model turns that answer a user's message, 786 think (511 of
them call), so only the other 856 (485 calls) taught the two decisions a call hangs on; without
thoughts every turn does:

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+switch, tokens   1344  100.0  43.7  50.8  36.5  84.4  86.6      36   65            70.0
      (thinking off, above)
    contrast+plain, tokens    1344   99.2  51.8  56.4  47.2  97.4  93.0      23   75            87.5
    contrast+plain, tokens     168   98.6  26.1  28.5  23.6  45.5  73.7      52   35            69.2
(all 357 held-out rows, guided; one standard error of an AST match near one half on 357 rows is 2.6
points.) The best figures on the whole split so far, and two targets of four met, parse and no-call
(the call decision, not a target, is right in 93 % of the rows, always calling in 78 %). Forced choice
of tool rises from 70.0 to 87.5 % (first tool ranked first in 35.8 %, right in 39.2 %: no position bias
left), and free-running tool names from 62.5 to 67.9 %. Of the 357 rows, 185 are right; the first
error of the others: 80 wrong arguments, 64 wrong tools, 23 missed calls, 3 unreadable, 2 calls where
none was due. Parallel requests stay the weak part (53 rows, AST 11.3 %, as before): the second call
repeats the first tool ("candid" synonyms twice instead of prices, then synonyms), or drops an
argument the first call had; follow-ups rise from 34.7 to 50.7 %, single calls from 38.8 to 43.4 %.
The course's data thinks in about half its turns, as the original notebook's does; what this says
is that a small model's thoughts must be trained to come after the decision, or not at all. At the
notebook's 168 conversations (417 s of training) dropping thoughts moves nothing (AST 26.1 % against
24.9 and 26.9 % for the switch with thinking on and off): there the decision is not learned at all.

More rows, in a second sitting (`--init-from runs/plain/adapters/contrast+plain --rows 768 --twins 128`,
the same flags otherwise): a new LoRA trained on the first adapter merged into the base, on 768 conversations
the first 1024 did not include and 128 twins of them (2148 s of training, 478 s to score):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, tokens   1344   99.2  51.8  56.4  47.2  97.4  93.0      23   75            87.5
      + 896 more             2240   99.7  58.3  68.2  48.3  93.5  95.5      11   72            87.5
(all 357 held-out rows, guided.) Rows right 185 -> 208; first errors 64 -> 49 wrong tools, 23 -> 11 missed
calls, 80 -> 84 wrong arguments, 2 -> 5 calls where none was due. Tool names 67.9 -> 78.6 %, exact arguments
of due calls 39.3 -> 48.6 %; single calls 43.4 -> 55.3 %, follow-ups 50.7 -> 57.3 %, parallel 11.3 -> 17.0 %.
The gain is the seen tools': their tool names rise 73.1 -> 85.5 %, exact arguments of their due calls 46.2
-> 62.1 %, forced choice 87.7 -> 93.8 %. The unseen tools' AST match barely moves (+1.1): their names rise less
(62.2 -> 71.1 %), their arguments hardly (31.9 -> 34.1 %), and their forced choice falls (87.3 -> 80.0 %). More
rows of the same tools teach those tools; filling in a tool never seen needs more kinds of tools, not more rows.
Of the 30 calls with wrong arguments among the report's 50 listed mismatches, 13 only leave out an
optional argument the user stated ("the personal calendar", "beginner", "something cheap"); the rest are
numbers in the wrong slot ("85 square meter, 3-bedroom": 85 bedrooms), booleans read against the words
("without the pollutant breakdown": true) and values cut ("+1-555-..." without its "+").

More kinds of tools (`--synth 256`: conversations over `fccourse.synthtools`' 127 tools made from parts, an
entity and the verbs that fit it, with parameters of the kinds above: booleans said as negations, several numbers
in one request, values with "+" and dashes). In place of 256 of the 1024 catalogue conversations, from the base
(`--recipes contrast+plain --single-token-markers --rows 768 --synth 256 --twins 320 --guided --eval-rows 357`;
768 rows hold singles for only 280 twins: 1304 conversations, 4218 s of training, 576 s to score):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, tokens   1344   99.2  51.8  56.4  47.2  97.4  93.0      23   75            87.5
      768 + 256 made tools   1304   99.7  55.5  62.0  48.9  98.7  91.6      29   76            84.2
(all 357 held-out rows, guided.) Rows right 185 -> 198; first errors 80 -> 71 wrong arguments, 64 -> 57 wrong
tools, 23 -> 29 missed calls. The practice went to the seen tools again: exact arguments of their due calls 46.2 ->
52.4 %, AST 56.4 -> 62.0 % on fewer of their rows; and to parallel requests, 11.3 -> 18.9 %. The unseen tools'
names (62.2 -> 61.5 %) and arguments (31.9 -> 31.9 %) did not move, and their forced choice fell (87.3 -> 80.0 %,
as in the second sitting): "without the pollutant breakdown" is still `true`, "a 15000 loan at 5.9 %" still
gives principal 5.9. A made tool's requests say its own name ("Please book a vet appointment ..."), so it is read
by the words the request shares with the name; a held-out request says what it wants in its own words ("Which
Mexican restaurants in Sydney are open now?" for find_restaurants). Next: made tools whose requests paraphrase.

Made tools whose requests paraphrase (`--synth 256 --synth-goals`: the same 127 tools and parameters, each request
said as one of two goals in the user's words that share no word with the tool's name, `synthtools.GOALS`: "My dog
needs a check-up at the animal clinic" for book_vet_appointment), the rest of the command as above (4204 s):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
      768 + 256 made tools   1304   99.7  55.5  62.0  48.9  98.7  91.6      29   76            84.2
        requests as goals    1304  100.0  50.7  57.0  44.4  98.7  92.7      25   76            79.2
Worse, not better: rows right 198 -> 181, wrong tools 57 -> 75; the unseen tools' names 61.5 -> 57.0 % and
exact arguments 31.9 -> 23.7 %, the seen tools' too (75.9 -> 71.0, 52.4 -> 46.9). A goal that shares no word with
the name leaves nothing in the request to tie it to the tool in the list but the meaning, which two phrasings
per tool do not teach a 270M model; it learns that the tool need not match the request, and picks more widely
("Switch on the bedroom lights" -> get_team_standings). The word overlap it had learnt from named requests was
the better cue. Kept as an option so the figure can be reproduced.

Both wordings (`--synth 256 --synth-goals both`: each made tool keeps its named requests and gains its goal ones,
so about two in five of the made requests say a goal; the rest of the command as above, 3678 s):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
      768 + 256 made tools   1304   99.7  55.5  62.0  48.9  98.7  91.6      29   76            84.2
        requests as goals    1304  100.0  50.7  57.0  44.4  98.7  92.7      25   76            79.2
        both wordings        1304   99.7  54.6  56.4  52.8  94.8  91.0      28   73            84.2
The first recipe to move the unseen tools: AST 48.9 -> 52.8 %, their names 61.5 -> 67.4 %, exact arguments 31.9 ->
37.8 %, parallel 13.3 -> 26.7 %, forced choice 80.0 -> 85.5 % (send_text_message's names 38 -> 69 %,
find_restaurants' 54 -> 92 %). The seen tools paid for it (62.0 -> 56.4 %, names 75.9 -> 73.1 %, arguments 52.4 ->
46.2 %) and so did no-call on unseen tools (97.7 -> 90.7 %: 4 calls where none was due, against 1), so the whole
split is level (198 -> 195 rows right). One run each, same seed: +3.9 on 178 rows is about one standard error, a
lead to follow, not a settled gain. A second sitting on it (`--init-from runs/both/adapters/contrast+plain
--init-rows 768 --init-synth 256 --rows 256 --synth 128 --synth-goals both --twins 96`: 477 conversations, 1628 s)
gives 55.2 % (seen 61.5, unseen 48.9, no-call 94.8, missed 20, forced 85.8): the seen tools take it back and the
unseen gain is gone, as in every second sitting so far. Next: more goals per tool, in one sitting.

More goals, and more made conversations in place of catalogue ones (`--rows 512 --synth 512 --synth-goals both
--synth-goal-count 6`: each set of a made tool's slots said after six goals instead of two, `synthgoals.GOALS`,
half of its requests still naming the tool; 512 made conversations, since at 256 six goals reach few more user
turns than two, 116 distinct goals said against 98; 1219 conversations with the 195 twins that 512 catalogue rows
hold, 3883 s of training):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
        both wordings        1304   99.7  54.6  56.4  52.8  94.8  91.0      28   73            84.2
        512 + 512, 6 goals   1219  100.0  49.3  51.4  47.2  98.7  90.5      33   76            81.7
Worse on both halves: rows right 195 -> 176, first errors "wrong arguments" 75 -> 97. Tool names hold (70.4 %
both; seen 73.1 -> 76.5, unseen 67.4 -> 63.7), but exact arguments fall (42.1 -> 33.6 %; unseen 37.8 -> 27.4) and
parallel requests most (22.6 -> 9.4 %; unseen 26.7 -> 3.3); unseen forced choice 85.5 -> 72.7 %. A made tool's
parameters are drawn from a few kinds; the catalogue's conversations are what teach arguments like the held-out
ones (square meters beside bedrooms, an optional value the user stated), and made ones do not stand in for them.
What the six goals did on their own is not separated by this run (that is `--rows 768 --synth 256 --synth-goals
both --synth-goal-count 6`); keep the catalogue at 768 rows.

Argument pairs (`--pairs 128`: `datagen.argument_pairs`, two single-call conversations over a seen tool with the
same tools offered and the same values, one request stating an optional argument and its call using it, the other
saying neither), added to the both-wordings run (`--rows 768 --synth 256 --synth-goals both --twins 320 --pairs
128`, the rest as above; 1560 conversations, 4626 s of training, 551 s to score). This run's made conversations also
carry a fix: a made no-call row asked for a catalogue tool drawn from `Generator(42).seen`, which held the bundled
data's held-out tools, so 5 of the 256 trained the model to decline "Tell me about Ed Sheeran." and the like
(get_artist_info, control_lights, get_news_headlines, send_text_message); the fix re-draws the other rows too.

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
        both wordings        1304   99.7  54.6  56.4  52.8  94.8  91.0      28   73            84.2
        + 128 pairs, fix     1560   99.7  59.4  62.6  56.2  96.1  95.5      13   74            86.7
The best whole-split figure in one sitting (rows right 195 -> 212), but not where the pairs aim: first
errors "wrong arguments" stay level (75 -> 77) while missed calls halve (28 -> 13) and tool names rise (70.4 -> 76.8
%; single calls 73.7 -> 87.5 %), so exact arguments of due calls rise with them (42.1 -> 48.6 %). Among the 50
mismatches each report lists, calls that only leave out an argument go 7 -> 11 and calls that only add one 7 -> 3:
the pairs teach leaving out more than stating. Parallel requests fall back to 11.3 % (from 22.6): every pair is one
call. Held-out tools move both ways: get_artist_info 29 -> 79 % (its names 50 -> 79 %) and get_team_standings 18 ->
73 %, but send_text_message 62 -> 44 % and control_lights 14 -> 0 %; of the four the leak had taught to decline,
send_text_message and get_artist_info call where due more often (81 -> 94 %, 86 -> 93 % of their rows; the lights
and headlines already called in all of theirs).

What the pairs did on their own: the same run with 256 more catalogue conversations in place of the pairs
(`--rows 1024 --synth 256 --synth-goals both --twins 320`, no `--pairs`: 1600 conversations, 5191 s of training,
559 s to score):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
        + 128 pairs, fix     1560   99.7  59.4  62.6  56.2  96.1  95.5      13   74            86.7
      1024 + 256, fix        1600  100.0  59.4  59.2  59.6 100.0  93.3      24   77            85.8
The same 212 rows right, and the best unseen and no-call figures yet: the gain over the both-wordings run is the fix
and the extra conversations, not the pairs. What the pairs change is which way the model errs: it calls more (missed
13 against 24, but 3 calls where none was due against 0), picks the wrong tool more (first errors 51 against 38) and
the wrong arguments less (77 against 83); listed calls that only add an argument 3 against 7, that only leave one
out 11 against 8. Seen tools gain by the pairs (59.2 -> 62.6 %), unseen ones lose (59.6 -> 56.2 %; find_restaurants
38 -> 15 %, its stated price range or open_now left out in four of its rows); each split's difference is about one
standard error. Keep `--pairs` as an option; the catalogue's own rows are the better use of the same training time.
(Those 128 pairs held 5 requests in a held-out row's own words, made from the same templates: "What are some
popular songs by Coldplay?". Since 2026-12-07 `--pairs` draws others in their place, as `--stating` always did.)

Search or model? (`evaluate.search_errors`; each report now holds it as `search_errors`.) Greedy decoding takes the
likeliest token at each step, not the likeliest call, so a wrong call may be one the model itself ranks below the
reference. Scoring both whole turns, log p(turn | prompt), for the 46 of the pairs run's 50 listed mismatches where
both are calls: the model prefers its own wrong call in 39, the reference in 7, each a wrong tool or an emptied list
that the model itself gives little weight (log p -7 to -20: a table for two booked with create_playlist, "switch off
the bedroom and kitchen lights" as `{"rooms": [], "turn_on": true}`). Every left-out argument the user stated is a
model error, often by a wide margin ("the 10 biggest technology stories": -10.5 for the call with `"limit": 10`
against -0.3 without), and so is every "without the pollutant breakdown" read as `true`. Beam search or reranking
calls could win at most these 7; if the first 50 of the 145 wrong rows are typical, about 20 of the 128 whose output
and reference both call (5 points of AST match): what is left is for training. (The 1024-row run: 9 search errors of
43.)

More catalogue rows, one sitting (`--rows 1536 --synth 256 --synth-goals both --twins 320`: 2112 conversations,
6266 s of training, ~9 min to score):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
      1024 + 256, fix        1600  100.0  59.4  59.2  59.6 100.0  93.3      24   77            85.8
      1536 + 256, fix        2112  100.0  59.1  63.1  55.1  94.8  97.2       6   73            87.5
A plateau: 211 rows right against 212. The extra catalogue rows go to the seen tools (59.2 -> 63.1 %, exact
arguments 49.0 -> 54.5 %) and take from the unseen ones (59.6 -> 55.1 %, exact arguments 44.4 -> 39.3 %) although
their names rise (74.8 -> 77.8 %) and missed calls fall from 24 to 6: the model calls nearly whenever a call is due,
then fills a held-out tool's arguments the way it fills the seen ones'. Search errors 12 of 45. More of the same rows
will not reach the targets here; what is left is what the rows cannot say (held-out wordings, negations) or a
larger model (gemma-3-1b-it on a GPU).

More made conversations beside the catalogue's, not in place of them (`--rows 1024 --synth 512 --synth-goals both
--twins 320`: 1856 conversations, 5262 s of training, 581 s to score). Of the 512 made rows' boolean arguments 92
are `false`, 36 of them said "without ..." ("without the history", "without insurance"):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
      1024 + 256, fix        1600  100.0  59.4  59.2  59.6 100.0  93.3      24   77            85.8
      1024 + 512, fix        1856  100.0  59.1  65.4  52.8  97.4  94.4      18   75            85.8
The same plateau by another road: 211 rows right. The seen tools reach their best yet (65.4 %, exact arguments
57.2 %), the unseen ones fall (52.8 %, exact arguments 37.0 %; find_restaurants 38 -> 15 %, control_lights 21 -> 0 %).
The negations do not carry over: none of the 7 held-out rows that say "without the pollutant breakdown" gets
`include_pollutants: false` (4 say `true`, 1 leaves it out, 2 leave that call out). Made tools, like more catalogue
rows, teach the 270M model the tools and phrasings it trains on; with the unseen tools' wordings out of reach by
design, the AST targets seemed to need a larger model (they did not: the next paragraph). Search errors 11 of 42.

Backward through the prompt (`prompt_grad`; every run above had it off). The `cpu` preset ran each row's prompt
without autograd (`train.masked_head_loss`): the loss is the same number and a step is ~1.4x cheaper here, but the
gradient ignores how LoRA changes the prompt's keys and values, so the adapter could not learn how the tool list is
encoded, only how the answer reads it. An H100 lent for 30 minutes trained the best recipe both ways, the `cpu`
preset's settings otherwise (fp32, batch 2, r 8, lr 1e-3), then with it on a second epoch and every training row
(`--rows 0 --synth 512 --synth-goals both --twins 640`); all 357 held-out rows, guided, ~30 s to score each
(training time at the end of each line):

    recipe                    rows  parse   AST  seen unseen no-call decision missed right-no-call forced
    1024 + 256, prompt off   1600  100.0  60.5  62.6  58.4  97.4  95.0      16   75            81.7  (327 s)
    1024 + 256, prompt on    1600  100.0  67.2  69.8  64.6  97.4  95.0      16   75            91.7  (128 s)
      the same, 2 epochs     1600   99.7  73.7  76.0  71.4  96.1  96.4       9   73            93.3  (251 s)
    every row + 512 + 640    4365  100.0  77.9  83.8  71.9  94.8  98.0       3   73            95.8  (387 s)
Off, the GPU lands where the CPU did (60.5 against 59.4 %): the device is not the difference. On, AST match rises
6.7 points, through the tools: names right 76.8 -> 84.6 % (held-out tools 71.9 -> 82.2 %), first errors "wrong
tools" 49 -> 27, forced choice 81.7 -> 91.7 %. The plateau of the runs above was the truncated gradient, not the
270M model: with the prompt trained, a second epoch (+6.5) and 2.7x the conversations (+10.7) both move it again,
where epochs and rows had stopped moving it. Every training row reaches 83.8 % on seen tools and 71.9 % on unseen
ones (exact arguments 81.4 and 64.4 %), parse 100 %, no-call 94.8 %: the targets' parse and no-call met, AST not
yet. Search errors 9 of 47 (model errors 38). So the `cpu` preset now back-propagates through the prompt. On this
CPU a step costs 1.4x (24 steps of 48 conversations: 154 and 161 s against 104 and 115 s), so the largest run here
would take ~6 h: `--init-from` sittings, or a GPU. Reproduce (`--prompt-grad off` for the first row; on a CPU the
same commands, slower):

    .venv/bin/python benchmarks/recipes.py --data runs/offline --recipes contrast+plain --single-token-markers \
        --rows 1024 --synth 256 --synth-goals both --twins 320 [--epochs 2] --guided --eval-rows 357
    .venv/bin/python benchmarks/recipes.py --data runs/offline --recipes contrast+plain --single-token-markers \
        --rows 0 --synth 512 --synth-goals both --twins 640 --guided --eval-rows 357

The same 1600-conversation command on this 2-core CPU with the preset as it is now (prompt trained; 800 steps at
~6.3 s, ~84 min of training, 395 s to score) lands where the H100 did: 240 rows right, 23 wrong tools, 81 wrong
arguments, search errors 10 of 48:

    1024 + 256, CPU, on      1600  100.0  67.2  70.4  64.0  97.4  96.4      11   75            95.0
      + 1600 more, CPU       3200   99.7  72.0  76.5  67.4  97.4  96.6      10   75            95.0

The second line is a second sitting on that adapter (`--init-from runs/pg1600/adapters/contrast+plain
--init-rows 1024 --init-synth 256`, the same flags otherwise: 1024 catalogue rows the first did not see, the
next 256 made conversations, 320 twins; 4924 s of training, 367 s to score). With the prompt trained a second
sitting helps where, without it, the sittings above did not: AST +4.8, seen tools 70.4 -> 76.5 % (names 91.0
-> 96.5, exact arguments 64.1 -> 71.7) and unseen 64.0 -> 67.4 % (exact arguments 53.3 -> 55.6), parallel
requests 39.6 -> 45.3 %; first errors 81 -> 71 wrong arguments, 23 -> 16 wrong tools. But the unseen tools'
names do not move (84.4 -> 83.7 %): more catalogue rows still teach the catalogue's tools, not reading a new
one. Two sittings of fresh data land where two epochs of the first 1600 did on the H100 (73.7 %, seen 76.0,
unseen 71.4), the unseen tools ~4 points lower (one standard error on their 178 rows is ~3.5). A later sitting
now saves its adapter for the next (in `--out`'s `adapters/`; the run above predates that, so it must run
again first): a third sitting, on the 1165 catalogue rows neither drew, is `--init-from
runs/pg1600/adapters/contrast+plain,runs/pg1600b/adapters/contrast+plain --init-rows 1024,1024 --init-synth
512 --rows 0 --synth 0 --twins 360` (each adapter merged in order).

And at notebook 04's size, with the prompt trained (`--rows 128 --twins 40`, notebook 06's 120-row sample,
guided; 521 s of training): the recipe picks the tool better than notebook 04's plain rows (forced choice
78.3 % against 58.3 %, tool names 64.8 against 57.1 %) but calls in every one of the 120 rows, so AST match
moves within one standard error (25.8 % against notebook 06's guided 24.2 %). The offline profile keeps the
switches off: at 168 conversations the decision is still not learned.

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain             168    521  0.40   98.3  25.8  39.1  17.6   0.0  75.8    0    0  78.3

LoRA rank 32 instead of 8 (`--lora-r 32`, alpha 64: the preset's alpha / r of 2 kept), the 1600-conversation
command otherwise as above, on this CPU (2026-12-05; 4065 s of training, 800 steps at ~5.1 s, 356 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, r 8       1600      -     -  100.0  67.2  70.4  64.0  97.4  96.4      11   75            95.0
    contrast+plain, r 32      1600   4065  0.11   99.2  48.2  55.3  41.0  88.3  75.3      79   68            90.8
Worse by 19 points, and at the decision: 79 calls due are not made (against 11), and 9 made where none was due;
rows right 240 -> 172, tool names 87.9 -> 60.0 % (unseen 84.4 -> 48.1), exact arguments 58.9 -> 37.1 %. Its
forced choice stays high (90.8 %, unseen 83.6): it still ranks the right tool first when made to call, but it
answers in words instead. The final loss is low (0.11, the last 8 steps' mean), so the extra rank fits the
training turns' wording, not the decision. At lr 1e-3 the preset's rank 8 stays; a larger rank would need its
own learning rate, which one CPU run a session cannot search. Reproduce: the 1600-conversation command above
with `--lora-r 32`.

Twice the learning rate at rank 8 (`--learning-rate 2e-3`, the 1600-conversation command otherwise as above; this
CPU, 2026-12-05: 3962 s of training, 800 steps at ~5.0 s, 319 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, lr 1e-3   1600      -     -  100.0  67.2  70.4  64.0  97.4  96.4      11   75            95.0
    contrast+plain, lr 2e-3   1600   3962  0.11   98.0  53.8  58.1  49.4  98.7  91.3      30   76            84.2
Worse by 13 points, the way rank 32 was, if less: 30 calls due not made (against 11), rows right 240 -> 192, first
errors 23 -> 50 wrong tools and 81 -> 77 wrong arguments, 7 unreadable calls; tool names 68.9 % (unseen 61.5),
exact arguments 41.1 %, forced choice 95.0 -> 84.2 %. Its final loss is the same 0.11: the larger step fits the
training turns as well and generalises worse. Both larger updates (rank 32, lr 2e-3) lose at the decision and the
tool, so the next rate to try is below the preset's (5e-4), not above; the preset keeps 1e-3 until one is measured.
Reproduce: the 1600-conversation command above with `--learning-rate 2e-3`.

Half the rate (`--learning-rate 5e-4`, the same command; this CPU, 2026-12-05: 4012 s of training, 266 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, lr 5e-4   1600   4012  0.09  100.0  67.0  68.7  65.2  97.4  96.6      10   75            90.8
Level with 1e-3 (67.2 %; one standard error on 357 rows is ~2.5 points): rows right 239 against 240, first errors
31 wrong tools (23) and 75 wrong arguments (81), 10 calls missed (11); tool names 85.4 % (87.9), exact arguments
58.6 % (58.9), forced choice 90.8 % (95.0), search errors 8 of 46. Between 5e-4 and 1e-3 the rate moves nothing,
at 2e-3 AST falls 13 points, so the rate is not what holds the 1600-conversation run at 67 %: the preset keeps
1e-3 (its forced choice is the higher), and the levers left are data and passes (a third sitting, as above; two
epochs or every row, as on the H100). Reproduce: the 1600-conversation command above with `--learning-rate 5e-4`.

A second sitting on that adapter at the same rate (`--init-from runs/lr5e4/adapters/contrast+plain --init-rows 1024
--init-synth 256 --learning-rate 5e-4`, the same flags otherwise: the 1024 catalogue rows and 256 made ones the
first did not see, 320 twins; this CPU, 2026-12-05: 3908 s of training, 260 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 1600 more, lr 1e-3      3200   4924     -   99.7  72.0  76.5  67.4  97.4  96.6      10   75            95.0
    + 1600 more, lr 5e-4      3200   3908  0.04  100.0  75.6  84.9  66.3  98.7  97.2       9   76            95.8
The best CPU figure so far, 3.6 points over the 1e-3 chain and past the H100's two epochs of the first 1600
(73.7 %). Against its first sitting: rows right 239 -> 270, first errors 31 -> 17 wrong tools and 75 -> 60 wrong
arguments; seen tools' names 89.0 -> 97.2 %, exact arguments 61.4 -> 81.4 %, parallel requests 34.0 -> 49.1 %
(45.3 in the 1e-3 chain). The gain is the seen tools' again: the
unseen ones stay at 66.3 % (names 83.7 %, exact arguments 54.8 %), where both chains left them, so more catalogue
rows keep teaching the catalogue. 3.6 points is ~1.5 standard errors on 357 rows, and both sittings ran at 5e-4,
so which sitting's lower rate helps is not measured; as a first sitting the two rates are level (67.0 and 67.2 %),
so the preset keeps 1e-3 and a chain of sittings runs at 5e-4. Reproduce: the command above.

A third sitting at 5e-4 on the 1165 catalogue rows neither drew and 360 twins (`--init-from
runs/lr5e4/adapters/contrast+plain,runs/lr5e4b/adapters/contrast+plain --init-rows 1024,1024 --init-synth 512
--rows 0 --synth 0 --twins 360 --learning-rate 5e-4 --out runs/lr5e4c`, the other flags as above; this CPU,
2026-12-05: 763 steps, 3867 s of training, 276 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 1525 more, lr 5e-4      4725   3867  0.03  100.0  76.8  84.4  69.1 100.0  97.2      10   77            95.8
Every catalogue row now trained on, over three sittings: 76.8 %, within a standard error of the H100's every-row
run (77.9 %) and +1.2 over the second sitting. The seen tools hold (84.4 %); this time the unseen ones move, 66.3
-> 69.1 % (names 83.7 -> 88.2 %, exact arguments 54.8 -> 59.3 %), first errors 17 -> 10 wrong tools, 60 -> 63
wrong arguments; no-call 100 %, parallel 50.9 %, search errors 6 of 47. The arguments are what is left: 63 of the
83 wrong rows first go wrong at one.
A fourth sitting on that chain, of 1024 more catalogue conversations whose every request states an optional
argument where its tool has one (`--stating 1024`, `datagen.stating_rows`: in the bundled rows 53 % of such calls
carry one; none of these rows asks what a held-out row asks), 256 made ones and 320 twins (`--init-from` the three
adapters `--init-rows 1024,1024,0 --init-synth 512 --rows 0 --stating 1024 --synth 256 --twins 320 --out
runs/lr5e4d`; this CPU, 2026-12-05: 800 steps, 4500 s of training, 302 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 1600 stating, lr 5e-4   6325   4500  0.02  100.0  68.1  72.1  64.0 100.0  97.5       9   77            97.5
Worse by 8.7 points: rows right 274 -> 243, wrong arguments 63 -> 96 (seen exact arguments 80.7 -> 65.5 %), parallel
50.9 -> 41.5 %. The tools are picked as well as ever (names 92.9 -> 93.6 %, forced choice 95.8 -> 97.5 %); the
arguments now err the other way: of the 50 listed wrong rows whose tools are right, 31 calls add an argument nobody
stated (`"season": "2022-23"`, `"start_date": "YYYY-MM-DD"`, `"limit": 1`, `"calendar": "personal"`) and 7 drop one.
The model learned how often a call carries an optional argument, not when: with every training request stating one,
every call gets one. The dropped ones must be taught as the pairs tried (stated beside unstated), at the bundled
rows' frequency, or not by rows at all.
A fourth sitting that replays instead (`--replay`: 1024 catalogue rows drawn again from those the three trained
on, reshuffled with a seed of its own, the first 256 made ones again and 320 twins, at half the rate, 2.5e-4:
`--init-from` the three adapters `--init-rows 1024,1024,0 --init-synth 512 --replay --rows 1024 --synth 256
--synth-goals both --twins 320 --learning-rate 2.5e-4 --out runs/lr5e4r`; this CPU, 2026-12-06: 800 steps, 6169 s
of training, 583 s to score, both slower than the day before for the same work, the machine's not the run's):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 1600 replayed, 2.5e-4   6325   6169  0.05  100.0  78.4  87.2  69.7  98.7  97.5       8   76            95.8
The best figure yet, this CPU's or the H100's (77.9 %), +1.6 over the third sitting (about two thirds of a
standard error, so a lean, not a proof): rows right 274 -> 280, wrong arguments 63 -> 57, missed 10 -> 8, wrong
tools 10 -> 11, one call where none was due (no-call 98.7 %). The gain is the seen tools' again (84.4 -> 87.2 %,
exact arguments 80.7 -> 83.5 %); the unseen hold (69.1 -> 69.7 %). Of the 50 listed wrong rows whose tools are
right, 18 calls drop a stated optional argument (25 before) and 12 add one (6): a second look at the same rows
moves the balance toward writing them, without the stating rows' overshoot. A second pass helps as the H100's
second epoch did (67.2 -> 73.7 %), though the rows were already fitted (loss ~0.03 from the first step); whether
the half rate matters is not measured. The chain stands at this sitting.
A fifth sitting weighted to made tools, to push the unseen ones (`--replay` on the four adapters, `--init-rows
1024,1024,0,1024 --init-synth 512 --rows 256 --synth 256 --synth-goals both --twins 96 --learning-rate 2.5e-4 --out
runs/lr5e4s`: 256 catalogue rows drawn again, the first 256 made ones again, 96 twins, so 42 % of it made tools
against 16 % in the fourth; this CPU, 2026-12-06: 304 steps, 2766 s of training, 408 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 608 made-weighted       6933   2766  0.03  100.0  77.3  84.9  69.7  97.4  97.8       6   75            96.7
Level (-1.1, about half a standard error), and the unseen tools do not move at all: 69.7 % again, names 88.9 ->
85.2 %, exact arguments 60.7 -> 61.5 %; get_air_quality 25 -> 44 % (two of its seven "without the pollutant
breakdown" rows now `false`, one `include_pollutants` fewer added unsaid) but control_lights 14 -> 7 %. Rows right
280 -> 276: wrong tools 11 -> 17, missed 8 -> 6, two calls where none was due. A heavier share of made tools,
replayed, does not teach reading a new tool any better than the catalogue does; through the data, passes and rates
tried on this CPU, the unseen tools have held at 66-70 % since the second sitting (the stating rows aside). The
chain stays at the fourth.
Made tools with other kinds of parameters instead (`--synth-more-kinds`: the same 127 made tools, their parameters
drawn from `synthtools.MORE_KINDS`, what the unseen tools' wrong arguments had no practice for: a switch said "on"
or "off" and read through its description ("True to switch alerts on, false to switch them off"), a percentage
("set to 40%"), a "top N" count, a filter said only when wanted ("available right now"), a country, a list of
places ("in the lobby, garage and basement"), a sort order; in words no held-out request uses), the fifth sitting
otherwise as above (`--synth-more-kinds`, the rest of its command, `--out runs/lr5e4k`; this CPU, 2026-12-06: 304
steps, 2142 s of training, 344 s to score, 1.04 rows/s):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 608, more kinds         6933   2142  0.03   99.7  81.0  87.2  74.7  98.7  98.0       6   76            96.7
The best figure yet, and the first move of the unseen tools since the second sitting: 69.7 -> 74.7 % (+5.0, about
one and a half standard errors on their 178 rows; the same sitting over KINDS' tools left them at 69.7), exact
arguments of their due calls 61.5 -> 67.4 %, parallel 50.0 -> 56.7 %. It lands where the kinds aim:
control_lights 7 -> 57 % ("switch off" is `false` now, "set them to 80%" a brightness), get_air_quality 44 -> 69 %;
the seen tools hold (84.9 -> 87.2 %, the fourth's figure). Rows right 276 -> 289, wrong arguments 56 -> 43, wrong
tools 17 either way, one unreadable call. What the unseen rows still get wrong is what no kind here says: "open
now" and "expensive" left out of find_restaurants (38 %), "the 10 biggest ... stories" read as another tool or
without its count, a country added unsaid (get_news_headlines 38 %), "without the pollutant breakdown" still
`true` in some rows. Search errors 12 of 44 (4 of 45 before): more of the wrong calls are ones the model itself
ranks below the reference. A small model does not carry a kind of argument from one tool to another it never
practised; give it the kinds, not more rows or tools of the kinds it has. The chain goes on from this sitting.
A sixth sitting of the same kind, heavier (`--init-from` the five adapters, `--init-rows 1024,1024,0,1024,256
--init-synth 768 --replay --rows 128 --synth 384 --synth-goals both --synth-more-kinds --twins 64 --learning-rate
2.5e-4 --out runs/lr5e4k2`: 128 catalogue rows again, the first 384 made conversations, so the fifth's 256 again
and 128 new, and 54 twins of the 64 asked; this CPU, 2026-12-06: 283 steps, 1705 s of training, 374 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 566, more kinds         7499   1705  0.04   99.4  81.2  85.5  77.0  97.4  98.0       5   75            95.8
Level overall (+0.2), the unseen tools up again (74.7 -> 77.0 %, names 85.9 -> 88.2, exact arguments 67.4 -> 71.1,
parallel 56.7 -> 63.3; find_restaurants and get_news_headlines 38 -> 54 %), the seen ones down 1.7 (87.2 ->
85.5 %): with 68 % of the sitting made tools, the catalogue's tools get less practice. Rows right 289 -> 290, wrong
tools 17 -> 13, wrong arguments 43 -> 45, two unreadable calls (one a season string that runs on as "</em>" to the
token limit: guidance keeps a value a string, not a sensible one). Search errors 13 of 42. The unseen tools have
risen 7.3 points in two sittings of new kinds, where five sittings of the old had not moved them; the seen tools
(85.5 %) now lag the target (95 %) further than the unseen (77.0 against 85).
A seventh that gives the catalogue its share back (`--init-from` the six adapters, `--init-rows
1024,1024,0,1024,256,128 --init-synth 1152 --replay --rows 256 --synth 128 --synth-goals both --synth-more-kinds
--twins 64 --out runs/lr5e4k3`: 256 catalogue rows again, the first 128 made ones again, 64 twins; this CPU,
2026-12-06: 224 steps, 1605 s of training, 363 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 448, catalogue first    7947   1605  0.02   99.7  82.9  87.2  78.6  97.4  98.0       5   75            96.7
The best figure yet, on both halves at once: seen tools back to 87.2 % (exact arguments 82.1 -> 84.1), unseen 77.0
-> 78.6 % (names 88.2 -> 89.6, exact arguments 71.1 -> 73.3; get_artist_info 79 -> 93 %). Rows right 290 -> 296,
wrong tools 13 -> 10, wrong arguments 45 -> 43, one unreadable call. Search errors 9 of 43. The chain stands here.
Its adapters live in `runs/`, on the machine: `benchmarks/chain.py --data runs/offline` trains the seven sittings
again in order (each command derived from the ones before it; the earlier sittings unscored, `--eval-rows 0`).
Do the new kinds belong in a first sitting, in place of the old? The first sitting's command with its 256 made
conversations over MORE_KINDS instead of KINDS (`--rows 1024 --synth 256 --synth-goals both --synth-more-kinds
--twins 320 --learning-rate 5e-4 --out runs/mk1`, the other flags as above; this CPU, 2026-12-06: 800 steps, 4211 s
of training, 320 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    contrast+plain, lr 5e-4   1600   4012  0.09  100.0  67.0  68.7  65.2  97.4  96.6      10   75            90.8
      made over MORE_KINDS    1600   4211  0.08  100.0  62.5  68.2  56.7  94.8  96.4       9   73            92.5
No: 4.5 points lower, all of it the unseen tools' (65.2 -> 56.7 %, over two standard errors on their 178
rows; seen level). The tools are picked a little better (names 85.4 -> 87.1 %, forced choice 90.8 -> 92.5 %), the
arguments worse (exact 58.6 -> 53.2 %): rows right 239 -> 223, wrong arguments 75 -> 94, wrong tools 31 -> 27. What
KINDS taught, the new kinds do not: send_text_message writes "1-555-620-9198" for "+1-555-620-9198" (KINDS' first
256 made conversations write 50 phone numbers with their "+", MORE_KINDS' none), find_restaurants leaves "open
now" and "cheap" out (23 %), get_air_quality reads "without the pollutant breakdown" as `true` (19 %). The new
kinds added on top of a chain lifted the unseen tools (69.7 -> 78.6 %); in place of the old they lower them. Kinds
of argument add up: a recipe keeps KINDS' made tools and adds MORE_KINDS', not one for the other. Reproduce: the
command above. A short sitting on it that gives back KINDS' made tools (`--init-from runs/mk1/adapters/contrast+plain
--init-rows 1024 --init-synth 256 --replay --rows 128 --synth 256 --twins 64 --learning-rate 2.5e-4 --out runs/mk1r`:
the first sitting's 256 KINDS conversations, 128 rows again, 45 twins; 215 steps, 1236 s, 289 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
      + KINDS' made again      429   1236  0.05  100.0  63.6  62.6  64.6  90.9  96.6       5   70            91.7
The unseen tools come back (56.7 -> 64.6 %) and send_text_message with them (19 -> 81 %: the "+" written again),
while the seen tools fall (68.2 -> 62.6 %, 60 % of the sitting made tools) and 7 calls come where none was due:
each kind teaches its own arguments, and what a sitting leaves out, the model loses. `--synth-more N`
(`recipe.training_conversations(made_more=N)`) adds N made conversations over MORE_KINDS beside `--synth`'s over
KINDS. The first sitting's command with 128 of them added (`--rows 1024 --synth 256 --synth-more 128 --synth-goals
both --twins 320 --learning-rate 5e-4 --out runs/sm1`; this CPU, 2026-12-06: 1728 conversations, 864 steps, 4705 s
of training, 280 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
      + 128 made, new kinds   1728   4705  0.05  100.0  67.0  72.6  61.2  98.7  98.0       6   76            94.2
The split does not move (67.0 %, the same 239 rows right); it shifts: seen 68.7 -> 72.6, unseen 65.2 -> 61.2 %, each
about one standard error, so neither is a finding on its own. Tools are picked better (names 85.4 -> 88.2 %, wrong
tools 31 -> 27, forced choice 90.8 -> 94.2 %, one call where none was due), arguments no better (exact 58.6 ->
58.2 %, wrong arguments 75 -> 84). KINDS' "+" stays (send_text_message 81 %), but what the new kinds were made for is
not learnt at this size: control_lights 21 % ("switch off" still `true`, "set them to 80%" left out), get_air_quality
12 % ("without the pollutant breakdown" still `true`). On a chain the same kinds lifted those two to 57 and 69 %; in
a first sitting, where 128 of them are 7 % of the data, they are too few to teach their arguments.
A short sitting on it weighted to them (`--init-from runs/sm1/adapters/contrast+plain --init-rows 1024 --init-synth
256 --replay --rows 128 --synth 64 --synth-more 256 --twins 64 --learning-rate 2.5e-4 --out runs/sm1r`: 256 of its
493 conversations over the new kinds, the 128 it knew and 128 more; 247 steps, 1228 s, 247 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
      + 256 new kinds again    493   1228  0.04  100.0  67.0  71.5  62.4  98.7  97.8       7   76            93.3
Still 67.0 %, the same 239 rows right: control_lights 21 -> 36 %, get_air_quality 12 -> 19 %, compare_prices 43 ->
29 %; wrong tools 27 -> 23, wrong arguments 84 -> 87. Two sittings at this size do not make the new kinds pay; on the
chain they came after four sittings and 6325 conversations (78.4 %), and lifted it to 81.0 % (lr5e4k). So the best
figure still needs the chain, and `benchmarks/chain.py` on a device is the next run.
`--reuse` with the same `--init-from` scores a saved later sitting again, merged on the sittings it names (the
third, reloaded from `runs/lr5e4c/adapters`, gives the same line to the digit): so a chain can be scored under
`--grounded` without training it again.

The parts kept (twins, made tools, `plain`, single-token markers) live in `fccourse.recipe`, which this script
and notebook 04 both call: the `full` profile (`make run PROFILE=full`) trains the last run above through the
notebooks, the same 4365 conversations in the same order.

`--grounded` (argument values quoted from the conversation as well) scores `default`
exactly as `--guided` does, to the digit: it changes values, but the wrong turns went wrong
at the decision or the tool, or put quoted values in the wrong argument (notebook 06
section 5 reads them; each report's `first_error` counts them). So it does the three sittings at 5e-4
(`--reuse --grounded` on `runs/lr5e4c`, 2026-12-05): 76.8 / 84.4 / 69.1 again, the same 274 rows right and 83
wrong; it changes the values of 7 of the 50 listed wrong calls and makes none right, and scores 1.02 rows/s against
guided's 1.29. On the fourth sitting's adapter, which adds optional arguments nobody stated, it shows what a guard
cannot do: 68.1 % again, 13 of the 50 listed wrong calls changed and none right, because the key is written before
its value and grounding only makes the value a quote: `"country": "United States"` becomes `"country": "the"`,
`"season": "2022-23"` becomes `"season": "current"`. Whether to write an argument is the model's to learn.
(Scoring that adapter grounded first stopped on a guard bug, an escape cut short that no quoted character could
complete, `"j\\u202`; `guided._extends` now refuses such a prefix when it is written.)

Beam search instead of greedy decoding (`--beams N`, `evaluate._beam_decode`: each row keeps its N likeliest turns,
ranked by log p of the whole turn, still guided; what `generate(num_beams=N, length_penalty=0.0,
early_stopping="never")` returns first). The 1728-conversation sitting (`runs/sm1`) scored again, `--reuse --beams
2` and `--beams 4` with the rest of its command (this CPU, 2026-12-06; scoring 280 s greedy, 526 s with 2 beams,
0.68 rows/s, 855 s with 4):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
      + 128 made, new kinds   1728   4705  0.05  100.0  67.0  72.6  61.2  98.7  98.0       6   76            94.2
        scored with 2 beams   1728      -     -  100.0  70.6  76.5  64.6  98.7  98.0       6   76            94.2
        scored with 4 beams   1728      -     -  100.0  71.2  76.5  65.7 100.0  98.3       6   77            94.2
+3.6 and +4.2 points from the same adapter: rows right 239 -> 252 -> 254, wrong tools 27 -> 16 -> 16, wrong
arguments 84 -> 82 -> 81 (names 88.2 -> 92.1 %, exact arguments 58.2 -> 62.9 -> 63.2 %, parallel 35.8 -> 41.5 ->
43.4 %). Greedy's listed wrong calls held 13 search errors of 48 (the model ranks the reference above its own
call); with 2 beams 2 of 48, with 4 none of 49: beam search finds the call the model prefers, and every wrong call
left is the model's. The estimate above from the pairs run's 7 of 46 ("at most ... 5 points") holds: it is worth
what the search errors were, and no more. 2 beams take most of it inside the ten minutes the split may take here;
`fccourse eval --beams 2` scores the same way. Greedy stays the default of the benchmark and notebook 06, so every
figure above compares as it was measured.
The chain rebuilt on this CPU by `benchmarks/chain.py --data runs/offline` (2026-12-06/07, over three sessions, each
sitting resumed from its last checkpoint) scores its seventh sitting to the digit as above (82.9 / 87.2 / 78.6, the
same 296 rows right): a resumed run trains what an unbroken one does. Scored with 2 beams (`chain.py --data
runs/offline --beams 2`, which scores the saved adapter again with `--reuse --beams 2`; 547 s, 0.65 rows/s, against
greedy's 310 s):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 448, catalogue first    7947   1605  0.02   99.7  82.9  87.2  78.6  97.4  98.0       5   75            96.7
        scored with 2 beams   7947      -     -  100.0  85.2  88.8  81.5 100.0  98.3       6   77            96.7
+2.2 points, then the best figure: rows right 296 -> 304, wrong tools 10 -> 5, calls where none was due 2 -> 0, the
unreadable call gone, wrong arguments 43 -> 42, one more call missed (5 -> 6); seen 87.2 -> 88.8 %, unseen 78.6 ->
81.5 % (names 89.6 -> 92.6, parallel 60.0 -> 76.7). Search errors 9 of 43 -> 2 of 44: of the wrong calls checked,
42 are ones the model prefers to the reference's, and 42 of the 53 rows still wrong first go wrong at an argument;
so what is left of the targets (95 % seen, 85 % unseen) is training's, not decoding's.
An eighth sitting with made conversations over `synthtools.SAID_KINDS` beside the seventh's mix (values said the
ways the unseen rows still wrong say theirs: an enum said bare, "something expensive"; a filter said as a state; "the
10 biggest"): `--init-from` the seven adapters `--init-rows 1024,1024,0,1024,256,128,256 --init-synth 0 --replay
--rows 256 --synth 128 --synth-goals both --synth-more-kinds --synth-said 256 --twins 64 --learning-rate 2.5e-4
--out runs/said8` (704 conversations, 256 of them said; this CPU, 2026-12-07: 352 steps, 2170 s of training, 306 s
to score, 1.17 rows/s; with 2 beams 539 s, 0.66 rows/s):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 448, catalogue first    7947   1605  0.02   99.7  82.9  87.2  78.6  97.4  98.0       5   75            96.7
    + 704, 256 said           8651   2170  0.02  100.0  86.0  90.5  81.5 100.0  98.6       5   77            97.5
        scored with 2 beams   8651      -     -  100.0  86.0  90.5  81.5 100.0  98.6       5   77            97.5
The best figure, greedy (+3.1, about one and a half standard errors) and with 2 beams (+0.8 over the seventh's):
rows right 296 -> 307, wrong tools 10 -> 7, wrong arguments 43 -> 38, the unreadable call and both calls where none
was due gone (no-call 100 %). More of it is the seen tools' than the unseen's: seen 87.2 -> 90.5 % (exact arguments
84.1 -> 88.3: estimate_property_value and get_directions now write the optional value stated, get_calendar_events
no longer adds a calendar nobody named),
unseen 78.6 -> 81.5 % (names 89.6 -> 91.9, exact arguments 73.3 -> 75.6; control_lights 50 -> 64 %). Not where the
said kinds aimed: find_restaurants and get_news_headlines, whose "somewhere cheap", "open now" and "the 10 biggest"
they were made after, stay at 54 %, and get_energy_usage falls 100 -> 25 % (its device, "the fridge", "the water
heater", left out).
2 beams find nothing greedy missed this time: the same 307 rows right (wrong tools 7 -> 4, wrong arguments 38 -> 41;
search errors 5 of 45 -> 0), so every wrong call left is the one the model prefers. Of the 17 seen-tool rows still
wrong, 12 leave out one optional argument the user stated ("window seat please", "the next 4 games", "beginner"
courses) and 2 add one nobody did: the seen tools' last five points are when to write an optional argument.
`benchmarks/chain.py` trains the eight sittings in order (about 6.1 h here).
A ninth that aims there: half the said ones swapped for 64 argument pairs (`--init-from` the eight adapters
`--init-rows 1024,1024,0,1024,256,128,256,256 --init-synth 0 --replay --rows 256 --synth 128 --synth-goals both
--synth-more-kinds --synth-said 128 --pairs 64 --twins 64 --learning-rate 2.5e-4 --out runs/pairs9`: 704
conversations, 128 of them pairs, none a held-out row's request; this CPU, 2026-12-07: 2020 s of training, 267 s to
score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 704, 256 said           8651   2170  0.02  100.0  86.0  90.5  81.5 100.0  98.6       5   77            97.5
    + 704, 128 said, 64 pairs 9355   2020  0.02  100.0  85.4  92.2  78.6 100.0  97.8       8   77            96.7
Level overall (305 rows right against 307), and the same trade the pairs made in a first sitting: the seen tools
gain (90.5 -> 92.2 %, exact arguments 88.3 -> 90.3; get_energy_usage writes its device again, 25 -> 100 %;
search_courses its level; seen-tool rows that leave out a stated argument 13 -> 10), the unseen ones lose (81.5 ->
78.6 %: control_lights 64 -> 43 %, get_air_quality 75 -> 63 %, get_element_info 64 -> 50 %), and 3 more calls are
missed (5 -> 8). Two things changed at once (pairs in, half the said ones out), so which one costs the unseen tools
is not separated; the chain stays at the eighth. Scored greedily only.
The ninth again, separated: the 64 pairs added to the eighth's whole mix, all 256 said ones kept (`--init-from` the
eight adapters `--init-rows 1024,1024,0,1024,256,128,256,256 --init-synth 0 --replay --rows 256 --synth 128
--synth-goals both --synth-more-kinds --synth-said 256 --pairs 64 --twins 64 --learning-rate 2.5e-4 --out
runs/pairs9b`: 832 conversations; this CPU, 2026-12-07: 416 steps, 2397 s of training, 331 s to score, 1.08 rows/s):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 704, 256 said           8651   2170  0.02  100.0  86.0  90.5  81.5 100.0  98.6       5   77            97.5
    + 832, 256 said, 64 pairs 9483   2397  0.03  100.0  87.7  92.7  82.6  98.7  99.4       1   76            96.7
The best figure, and both halves gain (+1.7 overall, rows right 307 -> 313): seen 90.5 -> 92.7 % (exact arguments
88.3 -> 91.0; get_energy_usage writes its device again, 25 -> 100 %), unseen 81.5 -> 82.6 % (names 91.9 -> 94.8,
exact arguments 75.6 -> 77.8; get_element_info 64 -> 93 %: "What's the atomic number of gold?" is called, where
the eighth refused it naming the very tool). Calls missed 5 -> 1, one call where none was due ("Who won the football
world cup in 1998?", no-call 98.7 %), wrong tools 7 either way, wrong arguments 38 -> 35; search errors 6 of 42. So
the pairs do not cost the unseen tools; halving the said ones did (the ninth above). Still wrong: find_restaurants
and get_news_headlines at 54 % ("open now" and "the 10 biggest" left out, a country nobody named added),
get_air_quality 75 -> 56 % (`include_pollutants` added unasked), create_playlist adds a `public` nobody stated.
`benchmarks/chain.py` trains the nine sittings in order (about 6.8 h here). Scored with 2 beams (`chain.py --data
runs/offline --beams 2`: 532 s, 0.67 rows/s): 88.8 % (seen 92.7, unseen 84.8, parse 100, no-call 100), rows right
313 -> 317, wrong tools 7 -> 5, the call where none was due gone, search errors 6 of 42 -> 0 of 39; unseen names
94.8 -> 96.3 %, exact arguments 77.8 -> 80.0.
A tenth on it, the same mix with the pairs doubled (`--init-from` the nine adapters `--init-rows
1024,1024,0,1024,256,128,256,256,256 --init-synth 0 --replay --rows 256 --synth 128 --synth-goals both
--synth-more-kinds --synth-said 256 --pairs 128 --twins 64 --learning-rate 2.5e-4 --out runs/pairs10`: 960
conversations; this CPU, 2026-12-07: 480 steps, 2823 s of training, 263 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 832, 256 said, 64 pairs 9483   2397  0.03  100.0  87.7  92.7  82.6  98.7  99.4       1   76            96.7
    + 960, 256 said, 128 pairs 10443 2823  0.02  100.0  87.4  93.8  80.9  98.7  98.9       3   76            97.5
Level (312 rows right against 313), and the pairs' trade again once they outweigh the said ones: seen 92.7 -> 93.8 %
(search_courses writes its level, create_playlist drops one of its unstated `public`s), unseen 82.6 -> 80.9 %
(control_lights 64 -> 43 %, names 94.8 -> 92.6, exact arguments 77.8 -> 74.1; get_news_headlines 54 -> 62 %), 2 more
calls missed. The chain stays at the ninth. Scored greedily only.
A tenth the other way, the said ones raised so the pairs stay outweighed (`--synth-said 384 --pairs 64`, the rest as
the one above; `--out runs/said10`: 960 conversations; this CPU, 2026-12-07: 480 steps, 2494 s of training, 240 s to
score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 832, 256 said, 64 pairs 9483   2397  0.03  100.0  87.7  92.7  82.6  98.7  99.4       1   76            96.7
    + 960, 384 said, 64 pairs 10443  2494  0.03  100.0  86.6  91.6  81.5  97.4  99.2       1   75            96.7
Level again (309 rows right against 313, under one standard error): seen 92.7 -> 91.6 % (book_flight 71 -> 57 %,
one call where none was due more), unseen 82.6 -> 81.5 % (find_restaurants 54 -> 38 %, control_lights 64 -> 57 %;
get_news_headlines 54 -> 62 %). More of the same said conversations did not help: every sitting from the eighth on
drew the same ones (`--seed` 42), so a tenth on them is mostly a third pass over what two passes taught. Scored
greedily only; the chain stays at the ninth.
A tenth on fresh ones, then: the ninth's own mix drawn with `--draw-seed 43` (new catalogue rows from those
replayed, new made tools, new said conversations and pairs, none a held-out row's request; replay and the scored
sample keep `--seed` 42) on the nine adapters (`--init-rows 1024,1024,0,1024,256,128,256,256,256 --init-synth 0
--replay --rows 256 --synth 128 --synth-goals both --synth-more-kinds --synth-said 256 --pairs 64 --twins 64
--learning-rate 2.5e-4 --out runs/fresh10`: 832 conversations; this CPU, 2026-12-07: 416 steps, 2175 s of
training, 265 s to score; with 2 beams 527 s, 0.68 rows/s):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    + 832, 256 said, 64 pairs 9483   2397  0.03  100.0  87.7  92.7  82.6  98.7  99.4       1   76            96.7
    + 832 drawn afresh        10315  2175  0.03  100.0  87.4  93.3  81.5  98.7  99.4       1   76            95.8
        scored with 2 beams   10315     -     -  100.0  88.5  93.3  83.7 100.0  99.7       1   77            95.8
Level as well (312 rows right against 313; with 2 beams 316 against 317): the seen tools gain a little (92.7 ->
93.3 %: create_playlist no longer adds `public`, search_courses writes its level, set_reminder's message is clean)
and the unseen lose as much (control_lights 64 -> 43 %, though get_element_info 93 -> 100 %). Fresh conversations
are not what the ninth lacks: three tenths (more pairs, more said, fresh draws) all land within a standard error
(1.7 points) of it, so stacking sittings of this recipe has levelled off at 87-88 % greedy, 88-89 % with 2 beams.
The chain stays at the ninth.
The first sitting again, rebuilt on another machine (`chain.py --data runs/offline --upto 1`; the same code, pins,
split and final loss; 2026-12-07, AMD EPYC family 25 model 1, so Zen 3, where torch picks its AVX2 kernels: 6775 s
of training, 1.7x slower, 469 s to score):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    lr5e4, as recorded above  1600   4012  0.09  100.0  67.0  68.7  65.2  97.4  96.6      10   75            90.8
    lr5e4, rebuilt            1600   6775  0.09  100.0  63.0  68.7  57.3  98.7  96.4      12   76            85.8
Rows right 239 -> 225, all of it on the unseen tools (65.2 -> 57.3 %, two standard errors of their 178 rows); the
seen ones score the same. A rebuild on the same kind of machine gave the seventh sitting to the digit, so training
is deterministic on one kind of CPU but not across kinds: other kernels round apart and 800 steps carry it. That
spread (4 points here) is as large as the eighth's and ninth's steps (+3.1, +1.7), which were each measured once,
so they stand until run again. Every report now names the machine it was trained and scored on
(`fccourse.env.machine()`, in the adapter's `fccourse.json` and under the table).
The first sitting again, in bf16 (`chain.py --data runs/offline --preset cpu-bf16 --runs runs/bf16 --upto 1`: the
`cpu-bf16` preset, bf16 weights and compute with the LoRA in fp32, on a CPU with native bf16; scored in fp32 as
every sitting is; 2026-12-07, AMD EPYC family 25 model 17, so Zen 4, torch's AVX512 kernels: 4507 s of training,
5.6 s a step):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    lr5e4, as recorded above  1600   4012  0.09  100.0  67.0  68.7  65.2  97.4  96.6      10   75            90.8
    lr5e4, rebuilt on Zen 3   1600   6775  0.09  100.0  63.0  68.7  57.3  98.7  96.4      12   76            85.8
    lr5e4, bf16 on Zen 4      1600   4507  0.09  100.0  68.1  68.7  67.4  94.8  96.4       9   73            91.7
Level with fp32 (the seen tools to the digit again; unseen 67.4 %, inside fp32's spread across machines; no-call 94.8
%, 2 more calls where none was due): bf16 costs the sitting nothing measurable and saves a third of its time
(`train_throughput.py --sides ours,ours-bf16`: 1.53x a step). So on a CPU with native bf16 the chain can train with
`--preset cpu-bf16`; the later sittings in bf16 are not measured yet, so its figures stand apart (`--runs runs/bf16`).
Where the loss sits (`benchmarks/decision_loss.py --data runs/offline --adapters runs/bf16/lr5e4/adapters/contrast+plain
--rows 30`: teacher-forced on 30 training and 30 held-out rows' first model turns, the bf16 first sitting; 2026-12-07):

    rows                tokens deciding loss/token deciding   rest share deciding
    training              1475      199      0.028    0.080  0.020           0.38
    held-out              1296      186      0.032    0.146  0.013           0.65
    held-out, seen         775      130      0.021    0.100  0.005           0.81
    held-out, unseen       521       56      0.049    0.251  0.025           0.55
"Deciding" tokens (`decision_weigher`): a turn's first (call or answer) and a call's `,` `{` `}` (after a value:
another argument, or no more). They are 14 % of what a turn writes and hold two thirds of the held-out loss, four
fifths of it for the seen tools, whose rest (the key once chosen, the value, the words) costs 0.005 a token. That is
what the seen tools' errors read (the eighth's 17: 12 stated optional arguments left out, 2 added unstated): the model
knows how to write an argument, not whether to. `--decision-weight W` counts each deciding token W times in the
loss. On the first sitting (its command above, `--preset cpu-bf16 --decision-weight 3 --out runs/bf16/decision1`;
2026-12-08, AMD EPYC family 26 model 2, so Zen 5, torch's AVX512 kernels: 4341 s of training, 5.4 s a step; the loss
column is the weighted one):

    recipe                    rows  train  loss  parse   AST  seen unseen no-call decision missed right-no-call forced
    lr5e4, bf16 on Zen 4      1600   4507  0.09  100.0  68.1  68.7  67.4  94.8  96.4       9   73            91.7
    lr5e4, bf16, weight 3     1600   4341  0.16   99.4  68.3  70.4  66.3  97.4  98.6       3   75            90.0
and where its loss sits (`decision_loss.py ... --adapters runs/bf16/decision1/adapters/contrast+plain --rows 30`):

    rows                tokens deciding loss/token deciding   rest share deciding
    held-out              1296      186      0.035    0.109  0.023           0.44
    held-out, seen         775      130      0.021    0.065  0.012           0.51
    held-out, unseen       521       56      0.056    0.211  0.037           0.40
The weight does what it says to the loss: the held-out deciding tokens cost a quarter less (0.146 -> 0.109 a token;
seen tools 0.100 -> 0.065), and the rest of a turn nearly twice as much (0.013 -> 0.023). It does not move the rows:
244 right against 243, seen tools +3 rows of 179 (one standard error is 6; unweighted, they scored 68.7 % on each of
three machines), unseen -2. Only the first decision moves, whether to call at all (missed calls 9 -> 3, calls where
none was due 4 -> 2). Of the 22 seen-tool rows among the 50 listed mismatches, 6 still only leave an argument out and
7 pick a wrong tool: lower loss at a `,` is more certainty where greedy decoding already chose right, not a right
choice where it chose wrong. Not a lever for the seen tools' arguments, so the chain goes on without it; kept as an
option so the figure can be reproduced. Nor is `--soup` measured yet (`load_soup`: the mean of several later sittings'
models trained apart on the same earlier ones; `chain.py --soup` trains the three tenths above on the ninth and scores
their soup).
"""

import argparse
import gc
import itertools
import json
import random
import re
import time
from pathlib import Path

import torch

from fccourse import agent, data, datagen, env, evaluate, recipe, templates, train
from fccourse.catalogue import TOOLS

RECIPES = ("default", "full", "contrast", "switch", "contrast+switch", "contrast+switch+evidence")
PARTS = {"contrast", "switch", "evidence", "rename", "plain"}
NO_CALL_AFTER_EVIDENCE = ("None of them can do that, so I shouldn't call any of them. "
                          "I'll explain what I can help with instead.")
MAX_LENGTH = 1088  # notebook 01's p95 of the bundled data's token lengths, rounded up to 64


VERB_SWAPS = {"get": ["fetch", "lookup", "retrieve", "read"], "search": ["find", "query", "browse", "lookup"],
              "create": ["make", "new", "add", "open"], "calculate": ["compute", "work_out", "estimate"],
              "set": ["change", "update", "adjust"], "book": ["reserve", "schedule"], "send": ["post", "deliver"],
              "add": ["append", "insert", "put"], "convert": ["translate", "change"], "play": ["start", "stream"]}


def rename_tools(conv: dict, rng: random.Random, share: float) -> dict:
    """With probability `share`, `conv` with every offered tool renamed wherever its name is written.

    A name becomes its verb's synonym (get_weather -> fetch_weather) or 2-3 words of
    the catalogue's other names, never a catalogue name (held-out tools included).
    """
    if rng.random() >= share:
        return conv
    taken = {t.name for t in TOOLS}
    words = sorted({w for n in taken for w in n.split("_")})
    new = {}
    for t in conv["tools"]:
        name = t["function"]["name"]
        head, *rest = name.split("_")
        for _ in range(20):
            if head in VERB_SWAPS and rng.random() < 0.5:
                candidate = "_".join([rng.choice(VERB_SWAPS[head])] + rest)
            else:
                candidate = "_".join(rng.sample(words, rng.choice([2, 2, 3])))
            if candidate not in taken and candidate not in new.values():
                new[name] = candidate
                break
    # Names are snake_case words, so a word-boundary match finds them in JSON and prose alike.
    text = json.dumps(conv)
    for old in sorted(new, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(old)}\b", new[old], text)
    return json.loads(text)


def evidence_first(conv: dict) -> dict:
    """The first turn's thinking, if any, restates the question and the tools before it decides."""
    msgs = list(conv["messages"])
    k = next(j for j, m in enumerate(msgs) if m["role"] == "assistant")
    turn = msgs[k]
    if not turn.get("reasoning"):
        return conv
    names = ", ".join(t["function"]["name"] for t in conv["tools"])
    body = turn["reasoning"] if turn.get("tool_calls") else NO_CALL_AFTER_EVIDENCE
    msgs[k] = {**turn, "reasoning": f'The user asked: "{msgs[k - 1]["content"]}" My tools are {names}. {body}'}
    return {**conv, "messages": msgs}


def untrain_think_opener(ds, tokenizer):
    """Mask the `<think>` that opens a model turn: the prompt decides whether to think."""
    opener = tokenizer("<think>", add_special_tokens=False)["input_ids"]

    def mask(row):
        ids, keep = row["input_ids"], list(row["assistant_masks"])
        for j in range(1, len(ids) - len(opener)):
            if keep[j] and not keep[j - 1] and ids[j:j + len(opener)] == opener:
                keep[j:j + len(opener)] = [0] * len(opener)
        return {"assistant_masks": keep}

    return ds.map(mask)


def decision_weigher(tokenizer, weight: float):
    """weigh(input_ids, labels) for `train.masked_head_loss`: `weight` on the tokens that decide a model turn, 1
    on the rest. Those are its first token (call or answer) and, inside a <tool_call>, each token with a `,`, `{`
    or `}`: after each value the model writes `",` (another argument) or `"}}` (no more), which is where leaving out
    a stated optional argument, or adding one nobody stated, happens. They are 14 % of the tokens a turn writes, and
    hold 65 % of a first sitting's held-out loss (81 % of the seen tools'), 38 % of its training loss (the docstring;
    benchmarks/decision_loss.py).

    Needs `<tool_call>` and `</tool_call>` as single tokens (`--single-token-markers`) to tell a call's tokens apart.
    """
    import torch.nn.functional as F

    opener, closer = (tokenizer.convert_tokens_to_ids(m) for m in ("<tool_call>", "</tool_call>"))
    if tokenizer.unk_token_id in (opener, closer) or None in (opener, closer):
        raise SystemExit("--decision-weight finds a call's tokens between the single-token markers: add "
                         "--single-token-markers")
    pieces = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    deciding = torch.tensor([any(c in (piece or "") for c in ",{}") for piece in pieces])

    def weigh(input_ids, labels):
        trained = labels != -100
        first = trained & ~F.pad(trained[:, :-1], (1, 0), value=False)  # a turn's first trained token
        inside = ((input_ids == opener).cumsum(1) - (input_ids == closer).cumsum(1)) > 0
        decides = first | (trained & inside & deciding.to(input_ids.device)[input_ids])
        return torch.where(decides, float(weight), 1.0)

    return weigh


def load_sittings(adapters: list[str]):
    """(model, tokenizer): the base with each earlier sitting's adapter merged in, in order.

    The first is loaded as notebook 06 loads any adapter; each later one was trained on the
    ones before it merged, so it goes on top of them, merged too."""
    from peft import PeftModel

    model, tokenizer = agent.load_tuned(adapters[0], log=lambda m: None)
    for folder in adapters[1:]:
        model = PeftModel.from_pretrained(model, folder).merge_and_unload()
    return model, tokenizer


def mean_model(models):
    """The first of `models` with each parameter the mean of theirs: a uniform model soup (Wortsman et al., 2022).

    `models` may be a generator, so only two are in memory at once. Parameters are walked once each, so a tied
    embedding and LM head are averaged once, not twice:
    >>> a, b = torch.nn.Linear(1, 1, bias=False), torch.nn.Linear(1, 1, bias=False)
    >>> _ = a.weight.data.fill_(1.0), b.weight.data.fill_(4.0)
    >>> mean_model(iter([a, b])).weight.item()
    2.5
    """
    models = iter(models)
    soup = next(models)
    total, n = dict(soup.named_parameters()), 1
    with torch.no_grad():
        for other in models:
            for name, weight in other.named_parameters():
                total[name] += weight
            n += 1
        for weight in total.values():
            weight /= n
    return soup


def load_soup(init_from: list[str], adapters: list[str]):
    """(model, tokenizer): the mean of the models that `adapters`, later sittings each trained on the same earlier
    ones (`init_from`), make: sittings trained apart, averaged instead of one of them chosen."""
    for folder in adapters:
        meta = Path(folder) / "fccourse.json"
        sat_on = json.loads(meta.read_text()).get("init_from", []) if meta.is_file() else None
        if sat_on is None or [Path(a).resolve() for a in sat_on] != [Path(a).resolve() for a in init_from]:
            raise SystemExit(f"--soup: {folder} was trained on {sat_on or 'the base alone'}, not on --init-from "
                             f"{','.join(init_from) or '(none)'}: a soup averages sittings that sit on the same ones, "
                             "so give those as --init-from, or leave that folder out")
    loaded = (load_sittings([*init_from, a]) for a in adapters)  # one at a time: each is a whole model
    first, tokenizer = next(loaded)
    return mean_model(itertools.chain([first], (model for model, _ in loaded))), tokenizer


def rows_left(rows: list[dict], sittings: list[int], seed: int) -> list[dict]:
    """The rows no earlier sitting trained on: each drew its --rows from what the ones before it left.

    >>> [r["id"] for r in rows_left([{"id": i} for i in range(6)], [2, 2], seed=0)]
    [0, 2]
    """
    for n in sittings:
        drawn = {r["id"] for r in train.pick_rows(rows, n, seed)}
        rows = [r for r in rows if r["id"] not in drawn]
    return rows


def replay_rows(rows: list[dict], sittings: list[int], seed: int) -> list[dict]:
    """Every row the earlier sittings trained on, reshuffled with a seed none of them drew with.

    A row left by every sitting was never trained on, so it is not replayed:
    >>> sorted(r["id"] for r in replay_rows([{"id": i} for i in range(6)], [2, 2], seed=0))
    [1, 3, 4, 5]
    """
    left = {r["id"] for r in rows_left(rows, sittings, seed)}
    trained = [r for r in rows if r["id"] not in left]
    random.Random(seed + len(sittings)).shuffle(trained)
    return trained


def train_recipe(name: str, rows: list[dict], args, out: Path, test_rows: list[dict] = ()):
    p, parts = train.preset(args.preset), set(name.split("+"))
    if args.prompt_grad:
        p = {**p, "prompt_grad": args.prompt_grad == "on"}
    if args.lora_r:  # alpha follows r, so the update's scale (alpha / r) stays the preset's
        scale = p["lora"]["alpha"] / p["lora"]["r"]
        p = {**p, "lora": {**p["lora"], "r": args.lora_r, "alpha": round(scale * args.lora_r)}}
    if args.learning_rate:
        p = {**p, "learning_rate": args.learning_rate}
    if args.single_token_markers:  # notebook 03's strategy (b); the new tokens' rows train as <end_of_turn>'s does
        p = recipe.single_token_markers(p)
    if args.init_from:  # a later sitting: a fresh LoRA on the earlier sittings' adapters merged into the base
        model, tokenizer = load_sittings(args.init_from)
        if p["precision"] == "bf16":  # merged in fp32 as the first sitting's were; cpu-bf16 trains in bf16 weights
            model = model.to(torch.bfloat16)
        if args.replay:  # its own seed: the first sitting's would draw the first sitting's rows again, first
            rows = replay_rows(rows, args.init_rows, args.seed)
        else:
            rows = rows_left(rows, args.init_rows, args.seed)
    else:
        model, tokenizer, _ = train.load_for_training(p, "offline-default", log=lambda m: None)
    n_rows = args.rows
    # Replay above redraws what the earlier sittings drew, so it keeps --seed (and so assumes none of them had its
    # own --draw-seed: none in chain.SITTINGS does); what this sitting draws need not
    draw = args.seed if args.draw_seed is None else args.draw_seed
    asked = {t["content"] for r in test_rows for t in r["conversations"] if t["role"] == "human"}
    if args.stating:  # with the drawn rows, before the made ones and the twins, which are drawn from both
        rows, n_rows = train.pick_rows(rows, args.rows, draw) + datagen.stating_rows(args.stating, draw, asked), 0
    # The kept parts (fccourse.recipe, notebook 04's); a second sitting's made rows go on where the first's stopped
    convs = recipe.training_conversations(
        rows, n_rows, draw, made=args.synth,
        made_goals={None: False, "only": True, "both": "both"}[args.synth_goals],
        made_goal_count=args.synth_goal_count, twins=args.twins if "contrast" in parts else 0,
        skip_made=args.init_synth if args.init_from and not args.replay else 0, made_more_kinds=args.synth_more_kinds,
        made_more=args.synth_more, made_said=args.synth_said)
    if args.pairs:  # after the twins, so the run's other conversations are those of the same run without pairs
        convs += [data.parse_conversation(r)[0] for r in datagen.argument_pairs(args.pairs, draw, asked)]
        random.Random(draw).shuffle(convs)
    if "rename" in parts:
        rng = random.Random(11)
        convs = [rename_tools(c, rng, args.rename_share) for c in convs]
    if "plain" in parts:  # after the twins, which think when their originals do
        convs = [recipe.drop_thinking(c) for c in convs]
    max_length = MAX_LENGTH
    if "evidence" in parts:
        convs = [evidence_first(c) for c in convs]
        max_length += 64  # the restated question and tools make a row ~40 tokens longer
    ds = train.tokenize_conversations(convs, tokenizer, max_length)
    if "switch" in parts:
        ds = untrain_think_opener(ds, tokenizer)
    weigh = decision_weigher(tokenizer, args.decision_weight) if args.decision_weight != 1 else None
    torch.manual_seed(args.seed)
    if name == "full":
        for pname, weight in model.named_parameters():
            weight.requires_grad = ".layers." in pname or pname.endswith("model.norm.weight")
        config = train.sft_config(p, str(out), max_length, assistant_only_loss=False, learning_rate=args.full_lr,
                                  num_train_epochs=args.epochs, seed=args.seed, save_strategy="no")
        trainer = train.masked_head_trainer_class(p["prompt_grad"], weigh)(
            model=model, args=config, train_dataset=ds, processing_class=tokenizer,
            callbacks=[train.stop_on_non_finite()])
    else:  # --save-steps: checkpoints beside the adapters, and a run stopped part-way resumes from the last
        saving = {"save_steps": args.save_steps} if args.save_steps else {"save_strategy": "no"}
        trainer = train.build_trainer(model, tokenizer, p, ds, str(out / f"{name}.checkpoints"), max_length,
                                      num_train_epochs=args.epochs, seed=args.seed, weigh=weigh, **saving)
    t0 = time.perf_counter()
    # Only --save-steps resumes: a run without it must not pick up an earlier run's checkpoints left in --out
    train.run(trainer, resume=bool(args.save_steps))
    seconds = time.perf_counter() - t0
    tail = [h["loss"] for h in trainer.state.log_history if "loss" in h][-8:]
    loss = sum(tail) / len(tail)  # the last steps' mean: one step's loss is one batch's, and noisy
    if name != "full":  # notebook 04 saves the adapter; a later sitting's names the ones it sits on, for the next
        meta = {"model_id": "offline-default", "preset": args.preset, "token_strategy": p["token_strategy"]}
        if weigh:  # an adapter says how its loss was weighed, where it was
            meta["decision_weight"] = args.decision_weight
        train.save_adapter(trainer, tokenizer, out / name, {**meta, "init_from": args.init_from} if args.init_from
                           else meta)
    if p["precision"] == "bf16" and args.init_from:  # scored in fp32, as every other sitting: merged from the saved
        del model, trainer  # adapters, which is also what the next sitting trains on
        gc.collect()
        model, tokenizer = load_sittings([*args.init_from, str(out / name)])
        return model.eval(), tokenizer, len(ds), seconds, loss
    if name == "full" or args.init_from:  # scored as trained: `full` saves no adapter, a sitting's sits on others
        model = trainer.model.merge_and_unload() if args.init_from else trainer.model
        return model.eval(), tokenizer, len(ds), seconds, loss
    # A LoRA recipe takes the course's path: notebook 06 loads the saved adapter (merged).
    del model, trainer
    gc.collect()
    model, tokenizer = agent.load_tuned(out / name, log=lambda m: None)
    return model, tokenizer, len(ds), seconds, loss


def evaluate_recipe(recipe: str, model, tokenizer, test_rows: list[dict], args) -> dict:
    rows = random.Random(args.seed).sample(test_rows, min(args.eval_rows, len(test_rows)))  # notebook 06's sample
    its = evaluate.items(rows)
    opener = ["<think>" if "switch" in recipe.split("+") and it.thinking and not args.no_think else "" for it in its]
    prompts = [templates.render(it.conv, tokenizer, add_generation_prompt=True) + o for it, o in zip(its, opener)]
    guides = evaluate.call_guides(its, tokenizer, args.grounded) if args.guided or args.grounded else None
    t0 = time.perf_counter()
    with torch.no_grad():
        outputs = evaluate.generate_batch(model, tokenizer, prompts, 160, guides=guides, beams=args.beams)
        seconds = time.perf_counter() - t0
        report = evaluate.report([evaluate.score(it, o + out) for it, o, out in zip(its, opener, outputs)], seconds)
        report["forced_choice"] = evaluate.forced_choice(model, tokenizer, rows)
        report["search_errors"] = evaluate.search_errors(model, tokenizer, rows, report["mismatches"])
    report["machine"] = env.machine()
    return report


def build_parser() -> argparse.ArgumentParser:
    """This benchmark's flags (benchmarks/chain.py checks its sittings' commands against them)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="a run folder of `make run` (holds data/)")
    parser.add_argument("--recipes", default=",".join(RECIPES))
    parser.add_argument("--rows", type=int, default=128, help="training conversations (the offline profile's)")
    parser.add_argument("--twins", type=int, default=40, help="no-call twins added by the contrast recipes")
    parser.add_argument("--synth", type=int, default=0,
                        help="conversations over procedurally made tools (fccourse.synthtools) added to --rows")
    parser.add_argument("--synth-goals", nargs="?", const="only", choices=("only", "both"),
                        help="--synth requests say the user's goal, never the tool's name words (synthtools.GOALS);"
                             " 'both': the named requests kept and the goals added")
    parser.add_argument("--synth-more-kinds", action="store_true",
                        help="--synth tools' parameters from synthtools.MORE_KINDS (switches said on/off, percentages,"
                             " top-N counts, filters, countries, lists of places) instead of KINDS")
    parser.add_argument("--synth-more", type=int, default=0,
                        help="N more made conversations, over MORE_KINDS' parameters, beside --synth's over KINDS "
                             "(the first N, in every sitting): the kinds added up, not one for the other")
    parser.add_argument("--synth-said", type=int, default=0,
                        help="N more made conversations, over SAID_KINDS' parameters (an enum said as an adjective, "
                             "a filter as a state, 'the 4 nearest'), beside the other made ones (the first N)")
    parser.add_argument("--synth-goal-count", type=int, default=2,
                        help="how many of each made tool's goals --synth-goals uses (2, the first runs', up to 6)")
    parser.add_argument("--pairs", type=int, default=0,
                        help="argument pairs added (datagen.argument_pairs, 2 conversations each): one optional "
                             "argument stated and called, then neither, the rest the same")
    parser.add_argument("--stating", type=int, default=0,
                        help="more catalogue conversations (datagen.stating_rows) added to --rows, every request "
                             "stating an optional argument where its tool has one; none asks what a held-out row asks")
    parser.add_argument("--epochs", type=float, default=1.0, help="passes over the training conversations")
    parser.add_argument("--decision-weight", type=float, default=1.0,
                        help="each token that decides a turn (its first; a call's , { and }: another argument or "
                             "no more) counts this many times in the loss (decision_weigher); 1: as every other")
    parser.add_argument("--preset", default="cpu",
                        help="training preset (fccourse.train.presets); cpu, fp32 at batch 2, runs on a GPU too")
    parser.add_argument("--prompt-grad", choices=("on", "off"),
                        help="back-propagate through each row's prompt or not (the preset's prompt_grad; cpu: on); "
                             "off is a ~1.4x cheaper step on a CPU and ~7 points of AST match lower (the docstring)")
    parser.add_argument("--lora-r", type=int, default=0,
                        help="LoRA rank instead of the preset's (cpu: 8), alpha scaled with it")
    parser.add_argument("--learning-rate", type=float, default=0.0,
                        help="peak learning rate of the LoRA recipes instead of the preset's (cpu: 1e-3)")
    parser.add_argument("--rename-share", type=float, default=0.5, help="conversations the rename recipes rename")
    parser.add_argument("--full-lr", type=float, default=1e-4)
    parser.add_argument("--single-token-markers", action="store_true",
                        help="<think>, <tool_call> and the other markers as single tokens (repurposed "
                             "<unusedN>, notebook 03), the four a model turn writes with their rows trained; "
                             "give it its own --out")
    parser.add_argument("--init-from", help="adapter folders earlier sittings saved (comma-separated, in order): "
                                            "merge them into the base and train a new LoRA on top, on --rows "
                                            "conversations none of them saw; this sitting's adapter is saved too")
    parser.add_argument("--init-rows", default="1024",
                        help="--rows of the runs that saved --init-from, in the same order (comma-separated)")
    parser.add_argument("--replay", action="store_true",
                        help="with --init-from: draw --rows from the rows the earlier sittings trained on (a second "
                             "pass, reshuffled) instead of from those they left, and --synth from the first made ones")
    parser.add_argument("--init-synth", type=int, default=0,
                        help="--synth of the runs that saved --init-from, added up")
    parser.add_argument("--save-steps", type=int, default=0,
                        help="keep a checkpoint every N steps (the last two) in OUT/adapters/RECIPE.checkpoints; "
                             "the same command run again resumes from the last, so a sitting longer than one session "
                             "trains in parts (its train seconds are then the last part's)")
    parser.add_argument("--eval-rows", type=int, default=120,
                        help="held-out rows scored (notebook 06's seeded sample); 0: train and save the adapter, "
                             "score nothing (a sitting only later ones build on, benchmarks/chain.py)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--draw-seed", type=int, default=None,
                        help="seed of this sitting's drawn rows, made conversations and pairs (default --seed): "
                             "a later sitting with its own trains fresh ones, not the ones every sitting before "
                             "it drew; replay and the scored sample keep --seed")
    parser.add_argument("--out", default="runs/recipes", help="where each recipe's adapter and report go")
    parser.add_argument("--guided", action="store_true", help="score under guided decoding (fccourse.guided)")
    parser.add_argument("--grounded", action="store_true",
                        help="guided, and argument values quoted from the conversation (fccourse.guided)")
    parser.add_argument("--beams", type=int, default=1,
                        help="score with beam search of this width (evaluate._beam_decode; 1: greedy)")
    parser.add_argument("--no-think", action="store_true",
                        help="switch recipes: score every row with thinking off (no <think> opener in any prompt); "
                             "a thought decides in its first words, by their most common opening (the docstring says why)")
    parser.add_argument("--soup", help="run folders of later sittings trained apart on the same --init-from "
                                       "(comma-separated): score the mean of their models (a model soup, "
                                       "load_soup) into OUT/RECIPE.<decoding>.soup.json instead of training")
    parser.add_argument("--reuse", action="store_true",
                        help="score the adapter a previous run saved in --out instead of training it again "
                             "(a later sitting's: with the same --init-from, merged on top of them)")
    return parser


def main() -> None:
    parser = build_parser()
    args = parser.parse_args()
    recipes = args.recipes.split(",")
    unknown = sorted(r for r in recipes if r not in ("default", "full") and not set(r.split("+")) <= PARTS)
    if unknown:
        parser.error(f"unknown recipe {', '.join(unknown)}: use default, full, or parts of "
                     f"{', '.join(sorted(PARTS))} joined with '+', e.g. {RECIPES[-1]}")
    args.init_from = args.init_from.split(",") if args.init_from else []
    try:
        args.init_rows = [int(n) for n in args.init_rows.split(",")]
    except ValueError:
        parser.error(f"--init-rows {args.init_rows!r}: give each earlier sitting's --rows as integers, "
                     "e.g. 1024,1024")
    if args.init_from and len(args.init_from) != len(args.init_rows):
        parser.error(f"--init-from names {len(args.init_from)} adapters and --init-rows gives {len(args.init_rows)} "
                     "row counts: give each earlier sitting's --rows, in order")
    lora_only = {  # switches of the LoRA recipes, which recipe `full` (every weight, no adapter) cannot take
        "--init-from": (args.init_from, "continues a LoRA adapter; recipe `full` trains every weight from the base"),
        "--save-steps": (args.save_steps, "keeps LoRA checkpoints; recipe `full` saves none"),
        "--lora-r": (args.lora_r, "sets the LoRA rank; recipe `full` trains every weight, no LoRA"),
        "--learning-rate": (args.learning_rate, "sets the LoRA recipes' rate; recipe `full` has its own (--full-lr)"),
    }
    args.soup = args.soup.split(",") if args.soup else []
    lora_only["--soup"] = (args.soup, "averages LoRA sittings; recipe `full` saves no adapter to average")
    for flag, (value, why) in lora_only.items():
        if value and "full" in recipes:
            parser.error(f"{flag} {why}: drop one of them")
    if args.replay and not args.init_from:
        parser.error("--replay draws again from the rows earlier sittings trained on: name them with --init-from "
                     "and --init-rows")
    if args.learning_rate < 0:
        parser.error(f"--learning-rate {args.learning_rate}: give a positive rate, e.g. 2e-3")
    if args.synth_more and args.synth_more_kinds:
        parser.error("--synth-more adds MORE_KINDS' made tools beside --synth's KINDS ones; --synth-more-kinds makes "
                     "--synth's MORE_KINDS too: drop one of them")
    for flag, n in (("--synth-more", args.synth_more), ("--synth-said", args.synth_said)):
        if n < 0:
            parser.error(f"{flag} {n}: give 0 or more made conversations")
    if args.eval_rows < 0 or (args.eval_rows == 0 and args.reuse):
        parser.error(f"--eval-rows {args.eval_rows}: give the held-out rows to score (357: all of them); 0 only "
                     "trains, so it cannot go with --reuse, which only scores")
    if args.beams < 1:
        parser.error(f"--beams {args.beams}: give 1 (greedy decoding) or more")
    if args.decision_weight <= 0:
        parser.error(f"--decision-weight {args.decision_weight}: give a positive weight (1: no extra weight)")
    if len(args.soup) == 1 or (args.soup and args.eval_rows == 0):
        parser.error(f"--soup {','.join(args.soup)} --eval-rows {args.eval_rows}: a soup averages two or more "
                     "sittings and is only scored, so name two or more run folders and give --eval-rows (357: all)")
    decoding = ".grounded" if args.grounded else ".guided" if args.guided else ""  # part of the report's file name
    decoding += f".beam{args.beams}" if args.beams > 1 else ""
    train_rows, test_rows = data.load_prepared(args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines, machines = [], set()
    for recipe in recipes:
        saved = out / "adapters" / recipe
        # `full` saves no adapter, so it is scored as trained, in memory; a later sitting's is reused on top of
        # the earlier ones it was trained on (--init-from), merged in the same order; a soup is scored only
        if args.soup:  # the machine it was trained on: its first sitting's
            saved = Path(args.soup[0]) / "adapters" / recipe
            model, tokenizer = load_soup(args.init_from, [str(Path(d) / "adapters" / recipe) for d in args.soup])
            n, train_s, loss = 0, float("nan"), float("nan")
        elif args.reuse and recipe != "full" and saved.is_dir():
            model, tokenizer = load_sittings(args.init_from + [str(saved)])
            n, train_s, loss = 0, float("nan"), float("nan")  # not trained in this run
        else:
            model, tokenizer, n, train_s, loss = train_recipe(recipe, train_rows, args, out / "adapters", test_rows)
        # A report's figures hold for the kind of machine that trained it (`full` saves no adapter: this one)
        meta = saved / "fccourse.json"
        trained_on = json.loads(meta.read_text()).get("trained_on", "not recorded") if meta.is_file() else env.machine()
        machines.add(trained_on)
        if not args.eval_rows:  # trained and saved for the sittings that build on it; nothing scored
            del model
            gc.collect()
            lines.append(f"{recipe:24} {n:5} {train_s:6.0f} {loss:5.2f}  (not scored: --eval-rows 0)")
            print(lines[-1], flush=True)
            continue
        r = evaluate_recipe(recipe, model, tokenizer, test_rows, args)
        r["trained_on"] = trained_on
        del model
        gc.collect()
        report_name = f"{recipe}{decoding}{'.soup' if args.soup else ''}{'.nothink' if args.no_think else ''}.json"
        (out / report_name).write_text(json.dumps(r, indent=1))
        o, s, u, fc = r["overall"], r["seen_tools"], r["unseen_tools"], r["forced_choice"]
        d = r["call_decision"]
        pct = lambda x: "  -  " if x is None else f"{100 * x:5.1f}"  # noqa: E731
        label = f"{recipe}, soup of {len(args.soup)}" if args.soup else recipe
        lines.append(f"{label:24} {n:5} {train_s:6.0f} {loss:5.2f}  {pct(o['parse_rate'])} {pct(o['ast_match'])} "
                     f"{pct(s['ast_match'])} {pct(u['ast_match'])} {pct(o['no_call_accuracy'])} "
                     f"{pct(o['call_decision_accuracy'])} {d['call due, no call']:4} {d['no call due, no call']:4} "
                     f"{pct(fc['accuracy'])}")
        print(lines[-1], flush=True)
    if not args.eval_rows:  # each line printed as it was trained; no table of scores to head
        return
    print(f"\n{args.eval_rows} held-out rows (seed {args.seed}, {decoding[1:].replace('.', ', ') or 'free'} decoding"
          f"{', thinking off' if args.no_think else ''}); "
          "percentages; missed: calls due but not made;"
          " right-no-call: rows answered without any <tool_call> where none was due")
    print(f"{'recipe':24}  rows  train  loss  parse   AST  seen unseen no-call decision "
          "missed right-no-call forced")
    print("\n".join(lines))
    print(f"trained on {'; '.join(sorted(machines))}; scored on {env.machine()}")


if __name__ == "__main__":
    main()
