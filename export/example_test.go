package export_test

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/export"
)

var plusEquals = &content.Question{
	ID: "plus-equals", Bank: "gil", Topic: "atomicity", Difficulty: 2, Type: content.TrueFalse,
	Prompt:      content.Text{"en": "`counter += 1` is atomic.", "zh": "`counter += 1` 是原子操作。"},
	Explanation: content.Text{"en": "It is a load, an add and a store.", "zh": "它包含读取、相加和写回。"},
}

func ExampleWriteTSV() {
	cards, err := export.BuildCards([]*content.Question{plusEquals}, nil, export.English)
	if err != nil {
		fmt.Println(err)
		return
	}
	export.WriteTSV(os.Stdout, cards, export.English)
	// Output:
	// #separator:tab
	// #html:true
	// #tags column:3
	// <code>counter += 1</code> is atomic.<br><br><i>True or false?</i>	<b>Answer</b>: false<br><br><b>Explanation</b><br>It is a load, an add and a store.	cram gil atomicity
}

func ExampleWritePDF() {
	res, err := export.WritePDF(io.Discard, []*content.Question{plusEquals}, nil, export.PDFOptions{
		Lang: export.Both, Paper: "a4", Layout: "2x4", Duplex: export.LongEdge,
		Created: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d card on %d pages: the front page, then the back page\n", res.Cards, res.Pages)
	// Output:
	// 1 card on 2 pages: the front page, then the back page
}

func ExampleNewGeometry() {
	g, _ := export.NewGeometry("a4", "2x4", export.LongEdge, export.Offset{})
	for i := 0; i < 2; i++ {
		col, row := g.FrontSlot(i)
		bcol, brow := g.BackSlot(col, row)
		fmt.Printf("card %d: front at column %d row %d, back at column %d row %d\n", i, col, row, bcol, brow)
	}
	// Output:
	// card 0: front at column 0 row 0, back at column 1 row 0
	// card 1: front at column 1 row 0, back at column 0 row 0
}
