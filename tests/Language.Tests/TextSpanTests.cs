using Pulse.Language.Text;

namespace Pulse.Language.Tests;

public class TextSpanTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 4)]
    [InlineData(10, 1)]
    public void End_is_Start_plus_Length(int start, int length)
    {
        var span = new TextSpan(start, length);
        Assert.Equal(start + length, span.End);
    }
}
