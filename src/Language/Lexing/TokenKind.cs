using Superpower.Display;

namespace Pulse.Language.Lexing;

/// <summary>
/// Every kind of significant token in a .pulse file. Whitespace and comments are not tokens: they
/// are trivia attached to tokens. Only the reserved words of docs/language.md get keyword kinds;
/// declaration and step words (<c>source</c>, <c>from</c>, <c>key</c>, ...) are contextual and
/// arrive as <see cref="Identifier"/>, so they stay valid column names.
/// The <see cref="TokenAttribute"/> examples are what messages print ("expected `:`").
/// </summary>
public enum TokenKind
{
    /// <summary>A character (or unpaired surrogate) that starts no token; the lexer reports it.</summary>
    [Token(Category = "error", Example = "unexpected character")] Error,
    [Token(Category = "end", Description = "end of file")] EndOfFile,

    [Token(Category = "name", Description = "name")] Identifier,
    [Token(Category = "name", Description = "quoted name")] QuotedIdentifier,

    [Token(Category = "literal", Description = "integer")] Integer,
    [Token(Category = "literal", Description = "number")] Number,
    [Token(Category = "literal", Description = "string")] String,
    [Token(Category = "literal", Description = "duration")] Duration,
    [Token(Category = "literal", Description = "percentage")] Percent,

    [Token(Category = "keyword", Example = "and")] AndKeyword,
    [Token(Category = "keyword", Example = "or")] OrKeyword,
    [Token(Category = "keyword", Example = "not")] NotKeyword,
    [Token(Category = "keyword", Example = "is")] IsKeyword,
    [Token(Category = "keyword", Example = "null")] NullKeyword,
    [Token(Category = "keyword", Example = "in")] InKeyword,
    [Token(Category = "keyword", Example = "between")] BetweenKeyword,
    [Token(Category = "keyword", Example = "case")] CaseKeyword,
    [Token(Category = "keyword", Example = "when")] WhenKeyword,
    [Token(Category = "keyword", Example = "then")] ThenKeyword,
    [Token(Category = "keyword", Example = "else")] ElseKeyword,
    [Token(Category = "keyword", Example = "end")] EndKeyword,
    [Token(Category = "keyword", Example = "true")] TrueKeyword,
    [Token(Category = "keyword", Example = "false")] FalseKeyword,

    [Token(Category = "punctuation", Example = "{")] OpenBrace,
    [Token(Category = "punctuation", Example = "}")] CloseBrace,
    [Token(Category = "punctuation", Example = "(")] OpenParen,
    [Token(Category = "punctuation", Example = ")")] CloseParen,
    [Token(Category = "punctuation", Example = "[")] OpenBracket,
    [Token(Category = "punctuation", Example = "]")] CloseBracket,
    [Token(Category = "operator", Example = "<")] LessThan,
    [Token(Category = "operator", Example = ">")] GreaterThan,
    [Token(Category = "punctuation", Example = ",")] Comma,
    [Token(Category = "punctuation", Example = ".")] Dot,
    [Token(Category = "punctuation", Example = ":")] Colon,
    [Token(Category = "punctuation", Example = ";")] Semicolon,
    [Token(Category = "punctuation", Example = "=")] Equals,
    [Token(Category = "operator", Example = "==")] EqualsEquals,
    [Token(Category = "operator", Example = "!=")] BangEquals,
    [Token(Category = "operator", Example = "<=")] LessThanEquals,
    [Token(Category = "operator", Example = ">=")] GreaterThanEquals,
    [Token(Category = "operator", Example = "+")] Plus,
    [Token(Category = "operator", Example = "-")] Minus,
    [Token(Category = "operator", Example = "*")] Star,
    [Token(Category = "operator", Example = "/")] Slash,
    [Token(Category = "operator", Example = "%")] PercentSign,
    [Token(Category = "operator", Example = "??")] QuestionQuestion,
    [Token(Category = "punctuation", Example = "?")] Question,
    [Token(Category = "punctuation", Example = "->")] Arrow,
    [Token(Category = "punctuation", Example = "@")] At,
}
