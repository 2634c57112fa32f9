using System.Runtime.CompilerServices;
using System.Text;

namespace Antigravity.AppHost.Hosting;

/// <summary>Where a value is going to be used: a local process (run mode) or a Kubernetes manifest (publish mode).</summary>
internal enum ValueTarget
{
    Run,
    Kubernetes,
}

/// <summary>
/// A value known only once the app runs or is deployed, as Aspire's <c>IValueProvider</c> + <c>IManifestExpressionProvider</c>:
/// it can give its value for a target and the manifest expression that stands for it (<c>{redis.connectionString}</c>).
/// </summary>
internal interface IValueProvider
{
    /// <summary>The expression written into aspire-manifest.json.</summary>
    string ValueExpression { get; }

    /// <summary>True when the value contains a secret (it then goes into a Kubernetes Secret, never a ConfigMap).</summary>
    bool IsSecret { get; }

    string GetValue(ValueTarget target);
}

/// <summary>A string made of literals and values, written with string interpolation as Aspire's <c>ReferenceExpression.Create($"...")</c>.</summary>
internal sealed class ReferenceExpression : IValueProvider
{
    private readonly string _format;
    private readonly IValueProvider[] _values;

    private ReferenceExpression(string format, IValueProvider[] values) => (_format, _values) = (format, values);

    public IReadOnlyList<IValueProvider> ValueProviders => _values;

    public string ValueExpression => Format(v => v.ValueExpression);

    public bool IsSecret => _values.Any(v => v.IsSecret);

    public string GetValue(ValueTarget target) => Format(v => v.GetValue(target));

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.Build();

    public static ReferenceExpression Literal(string value) => new(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), []);

    public override string ToString() => ValueExpression;

    private string Format(Func<IValueProvider, string> select) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, _format, _values.Select(select).ToArray<object>());

    [InterpolatedStringHandler]
    internal ref struct ExpressionInterpolatedStringHandler
    {
        private readonly StringBuilder _format;
        private readonly List<IValueProvider> _values;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _format = new StringBuilder(literalLength + (formattedCount * 4));
            _values = new List<IValueProvider>(formattedCount);
        }

        public readonly void AppendLiteral(string value) =>
            _format.Append(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

        public readonly void AppendFormatted(IValueProvider value)
        {
            _format.Append('{').Append(_values.Count).Append('}');
            _values.Add(value);
        }

        public readonly void AppendFormatted(string value) => AppendLiteral(value);

        public readonly void AppendFormatted(int value) => AppendLiteral(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        internal readonly ReferenceExpression Build() => new(_format.ToString(), [.. _values]);
    }
}
