package cli

import "strings"

// uiText holds the words of cram's own interface in one language; question
// content comes from the banks.
type uiText struct {
	Correct, Partial, Wrong, Skipped     string
	Expected, Explanation, References    string
	Answer, KeyPoints, Code, Overridden  string
	HintSingle, HintMultiple, HintOrder  string
	HintTrueFalse, HintShort, HintNumber string
	HintOutput, HintCloze, HintOpen      string
	Commands, NoAnswer, NothingToRun     string
	CannotOverride, Summary, Missed      string
	ByTopic, Time, NoQuestions           string
}

var uiEnglish = uiText{
	Correct: "correct", Partial: "partly correct", Wrong: "wrong", Skipped: "skipped",
	Expected: "expected", Explanation: "Explanation", References: "References",
	Answer: "Answer", KeyPoints: "Key points", Code: "Code", Overridden: "marked correct at your word",
	HintSingle:     "one letter",
	HintMultiple:   "letters, such as A C",
	HintOrder:      "every letter in order, such as C A B D",
	HintTrueFalse:  "true or false",
	HintShort:      "a word or phrase",
	HintNumber:     "a number",
	HintOutput:     `the exact output; type \n between lines`,
	HintCloze:      "the blanks in order, separated by |",
	HintOpen:       "your answer on one line",
	Commands:       ":skip  :quit  :run (run the last answer's program)  :right (overrule the last open-answer verdict)",
	NoAnswer:       "no answer given: type an answer, :skip or :quit",
	NothingToRun:   "no program to run: answer a question that has one first",
	CannotOverride: "only the verdict on the last open answer can be overruled",
	Summary:        "Summary", Missed: "missed", ByTopic: "by topic", Time: "time",
	NoQuestions: "no questions match",
}

var uiChinese = uiText{
	Correct: "正确", Partial: "部分正确", Wrong: "错误", Skipped: "已跳过",
	Expected: "正确答案", Explanation: "解析", References: "参考资料",
	Answer: "答案", KeyPoints: "要点", Code: "代码", Overridden: "已按你的判断记为正确",
	HintSingle:     "一个字母",
	HintMultiple:   "若干字母，如 A C",
	HintOrder:      "按顺序写出全部字母，如 C A B D",
	HintTrueFalse:  "对 或 错（true/false）",
	HintShort:      "一个词或短语",
	HintNumber:     "一个数字",
	HintOutput:     `完整输出；行与行之间输入 \n`,
	HintCloze:      "按顺序填写各空，用 | 分隔",
	HintOpen:       "在一行内作答",
	Commands:       ":skip 跳过  :quit 退出  :run 运行上一题的验证程序  :right 推翻上一道问答题的判定",
	NoAnswer:       "没有作答：请输入答案，或 :skip、:quit",
	NothingToRun:   "没有可运行的程序：请先回答一道带验证程序的题目",
	CannotOverride: "只能推翻上一道问答题的判定",
	Summary:        "小结", Missed: "答错", ByTopic: "按主题", Time: "用时",
	NoQuestions: "没有符合条件的题目",
}

func ui(lang string) *uiText {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return &uiChinese
	}
	return &uiEnglish
}
