using System.Globalization;
using System.Security;
using System.Text;

namespace Layered.Cli.Drill.Timeline;

/// <summary>Just enough SVG: shapes and text with invariant numbers and escaped strings.</summary>
internal sealed class SvgWriter(int width, int height)
{
    private readonly StringBuilder _body = new();

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public void Rect(double x, double y, double width, double height, string fill, string extra = "") =>
        _body.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(width, 0))}\" height=\"{N(Math.Max(height, 0))}\" fill=\"{fill}\" {extra}/>\n");

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string extra = "") =>
        _body.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\" {extra}/>\n");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth) =>
        _body.Append($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\" stroke-linejoin=\"round\" points=\"{Points(points)}\"/>\n");

    public void Polygon(IEnumerable<(double X, double Y)> points, string fill, string stroke, double opacity) =>
        _body.Append($"<polygon fill=\"{fill}\" fill-opacity=\"{N(opacity)}\" stroke=\"{stroke}\" stroke-width=\"1\" points=\"{Points(points)}\"/>\n");

    public void Text(double x, double y, string text, int size = 12, string anchor = "start", string fill = "#222", string extra = "") =>
        _body.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\" {extra}>{SecurityElement.Escape(text)}</text>\n");

    /// <summary>Text rotated to read upwards, starting at (x, y).</summary>
    public void UpwardText(double x, double y, string text, int size, string fill) =>
        Text(x, y, text, size, "start", fill, $"transform=\"rotate(-90 {N(x)} {N(y)})\"");

    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        + $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n{_body}</svg>\n";

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"));
}
