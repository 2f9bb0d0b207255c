package content

// starterID is the bank id written in starterBank; Starter replaces it.
const starterID = "my-bank"

// starterBank is the commented bank `cram new` writes: one question of every
// type, each with an explanation and a reference, so that it passes
// `cram lint --strict` as written. A test holds it to that. It lives in Go
// rather than as an embedded file: the package keeps one embed directive,
// over banks/, and a file there would become a built-in bank.
const starterBank = SchemaComment + `
#
# A cram question bank. Edit it, check it with
#
#     cram lint --strict THIS-FILE
#
# and add it to your banks with cram import THIS-FILE (or keep it in a folder
# named in the banks.dirs setting). The format is described in
# https://github.com/cram-dev/cram/blob/main/content/README.md
format: 1
id: my-bank                  # lower-case letters, digits, '-', '_', '.'; unique among your banks
title: My questions          # shown by cram banks
description: Questions I wrote myself.
version: 0.1.0
authors: [me]
license: CC-BY-4.0
tags: [mine]
# Every text may be one string, or one entry per language, such as
#   prompt: {en: What is a zombie process?, zh: 什么是僵尸进程？}
# List every language the questions provide here, in fallback order.
languages: [en]

questions:
  # single: exactly one choice is right; choices are lettered A, B, C … as
  # written, and shuffled when asked.
  - id: reentrant-lock
    topic: locks             # optional; groups questions (default: the bank id)
    difficulty: 1            # 1 (basic), 2 (default) or 3 (hard)
    tags: [threading]
    type: single
    prompt: Which lock can the thread that holds it acquire again without blocking?
    choices:
      - threading.Lock
      - threading.RLock
      - threading.Semaphore(0)
    answer: B
    explanation: An RLock counts the acquisitions of its owner; a Lock blocks even its owner.
    references: [https://docs.python.org/3/library/threading.html#rlock-objects]

  # multiple: a set of choices is right; list every right letter.
  - id: gil-released
    type: multiple
    prompt: Which of these release the GIL while they wait?
    choices: [time.sleep(1), a pure-Python loop, a blocking socket read]
    answer: [A, C]
    explanation: Blocking calls release the GIL; pure-Python bytecode holds it.
    references: [https://docs.python.org/3/glossary.html#term-global-interpreter-lock]

  # truefalse: a statement that is true or false.
  - id: plus-equals
    type: truefalse
    prompt: With the GIL, counter += 1 on a shared int is atomic.
    answer: false
    explanation: It is a load, an add and a store; a thread switch can fall between them.
    references: [https://docs.python.org/3/library/dis.html]

  # short: a typed answer; any listed answer is accepted, with small typos.
  # pattern (optional) is a regular expression over the whole answer.
  - id: gil-name
    type: short
    prompt: What does GIL stand for?
    answer: [global interpreter lock]
    pattern: "^(the )?global interpreter lock$"
    explanation: The GIL lets one thread at a time run Python bytecode in CPython.
    references: [https://docs.python.org/3/glossary.html#term-global-interpreter-lock]

  # numeric: a number, accepted within tolerance; unit is shown after it.
  - id: switch-interval
    type: numeric
    difficulty: 3
    prompt: What is CPython's default thread switch interval, in milliseconds?
    answer: 5
    tolerance: 0
    unit: ms
    explanation: sys.getswitchinterval() returns 0.005 seconds by default.
    references: [https://docs.python.org/3/library/sys.html#sys.setswitchinterval]
    # verify: a program that proves the answer key (run by cram verify).
    verify:
      lang: python
      output: "0.005"
      source: |
        import sys
        print(sys.getswitchinterval())

  # ordering: every choice letter, in the right order.
  - id: thread-life
    type: ordering
    prompt: Put the life of a thread in order.
    choices: [join it, create it, start it]
    answer: [B, C, A]
    explanation: A thread is created, then started, then joined.
    references: [https://docs.python.org/3/library/threading.html#thread-objects]

  # output: what the code prints; python, go and sh code is run by cram
  # verify to check the answer.
  - id: generator-send
    type: output
    prompt: What does this print?
    code:
      lang: python
      source: |
        def gen():
            x = yield 1
            yield x * 2
        g = gen()
        print(next(g))
        print(g.send(5))
    answer: |
      1
      10
    explanation: send() resumes the generator and makes the paused yield return its value.
    references: [https://docs.python.org/3/reference/expressions.html#generator.send]

  # cloze: blanks {{1}}, {{2}} … in a passage; blanks lists what each accepts.
  - id: lock-usage
    type: cloze
    prompt: Complete the code so that the increment is safe.
    passage: |
      lock = threading.{{1}}()
      with {{2}}:
          counter += 1
    blanks: [[Lock, RLock], [lock]]
    explanation: A lock held around the read-modify-write makes it indivisible.
    references: [https://docs.python.org/3/library/threading.html#lock-objects]

  # open: free text, graded by key points; an answer covers a point when it
  # contains any of its phrasings. required: how many make it correct.
  - id: process-vs-thread
    type: open
    prompt: How do processes and threads differ?
    answer: Each process has its own address space; the threads of a process share one.
    key_points:
      - {en: [own address space, separate memory]}
      - {en: [threads share, shared memory]}
    required: 2
    explanation: The address space is the difference that matters for sharing data.
    references: [https://docs.python.org/3/library/multiprocessing.html]
    # card: optional flashcard sides replacing the generated ones.
    card:
      back: "Process: its own memory. Thread: memory shared with its process."
`

// Starter returns the commented starter bank with the bank id id: one
// question of every type, which passes `cram lint --strict` as written.
func Starter(id string) ([]byte, error) {
	if id == starterID {
		return []byte(starterBank), nil
	}
	return SetID([]byte(starterBank), id)
}
