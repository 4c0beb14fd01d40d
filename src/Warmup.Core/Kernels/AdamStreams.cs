namespace Warmup.Core.Kernels;

/// <summary>
/// The arrays of one Adam-family pass, by reference to their first elements: parameters, gradients, first and
/// second moments, and AMSGrad's running maximum (the second moments again when AMSGrad is off; then never read).
/// </summary>
internal ref struct AdamStreams
{
    public ref float P;
    public ref float G;
    public ref float M;
    public ref float V;
    public ref float VMax;

    public AdamStreams(ref float p, ref float g, ref float m, ref float v, ref float vMax)
    {
        P = ref p;
        G = ref g;
        M = ref m;
        V = ref v;
        VMax = ref vMax;
    }
}
