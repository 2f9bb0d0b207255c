// Package quiz checks answers, runs sessions, schedules reviews and verifies
// answer keys. It does no terminal I/O: callers hand it questions from
// package content and learners' answers, and get back results to show.
//
// Checking: ParseResponse turns a line typed in plain mode into a Response,
// and Check grades a Response against a question, as it was shown (the View:
// language and choice order), into a Result with a Verdict, a score, the
// expected answer and feedback, all in the View's language and letters.
// Normalize is the comparison form of free text shared by every checker.
package quiz
