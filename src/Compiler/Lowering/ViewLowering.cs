using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>Views: the relational tree built while binding, with the layer and the streaming facts of speed views.</summary>
internal static class ViewLowering
{
    public static ViewIr Lower(BoundView view)
    {
        var symbol = view.Symbol;
        StreamingIr? streaming = view.Streaming is { } s
            ? new StreamingIr(s.Source.Name, s.EventTimeField, s.Watermark, s.Lateness, s.Late, s.Retain)
            : null;
        return new ViewIr(symbol.Name, symbol.Layer, view.Root, view.IncrementalColumn, streaming, symbol.Doc,
            BindingContext.OriginOf(symbol.Tree!, symbol.Declaration!));
    }
}
