namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// A request an emulated shop received, as tests inspect it: what was asked, with which cart token,
/// nonce and authorization, and the body sent.
/// </summary>
public sealed record ShopRequest(string Method, string Path, string Query, string Host, string Authorization, string CartToken, string Nonce, string Body);
