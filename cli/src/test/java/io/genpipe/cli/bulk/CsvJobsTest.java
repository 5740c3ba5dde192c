package io.genpipe.cli.bulk;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvJobsTest {

    @Test
    void eachRowIsAJobWithItsColumnsWhereTheJobHasThemAndEmptyCellsLeftOut() {
        assertThat(CsvJobs.toJsonLines(new StringReader("""
                prompt,Width,height,count,seed,steps,negative_prompt,model,provider,preset
                "a lighthouse, at ""dawn\""",512,768,2,7,4,blurry,fal-ai/flux/schnell,fal,fast
                a hat,,,,,,,,,

                """))).containsExactly(
                "{\"prompt\":\"a lighthouse, at \\\"dawn\\\"\",\"params\":{\"width\":512,\"height\":768,\"count\":2,"
                        + "\"seed\":7,\"steps\":4,\"negativePrompt\":\"blurry\"},\"model\":\"fal-ai/flux/schnell\","
                        + "\"routing\":{\"provider\":\"fal\",\"preset\":\"fast\"}}",
                "{\"prompt\":\"a hat\"}");
    }

    @Test
    void aPromptMayHoldLineBreaks() {
        assertThat(CsvJobs.toJsonLines(new StringReader("prompt\n\"two\nlines\"\n")))
                .containsExactly("{\"prompt\":\"two\\nlines\"}");
    }

    @Test
    void aBadCellIsNamedByItsRowAndColumnAsASpreadsheetNumbersThem() {
        assertThatThrownBy(() -> CsvJobs.toJsonLines(new StringReader("prompt,width\na,512\nb,1.5\n")))
                .hasMessage("row 3, column width: must be a whole number, was '1.5'");
        assertThatThrownBy(() -> CsvJobs.toJsonLines(new StringReader("prompt,colour\na,red\n")))
                .hasMessageStartingWith("row 2: column 'colour' is not a job member; columns are prompt, model");
        assertThatThrownBy(() -> CsvJobs.toJsonLines(new StringReader("width\n512\n")))
                .hasMessage("row 2: prompt is required");
    }
}
