package oci

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkDiscoverLayout reads the testdata layout (an index, two
// platforms, five referrers).
func BenchmarkDiscoverLayout(b *testing.B) {
	ref := "oci:" + testdataLayout + ":" + testdataTag
	for b.Loop() {
		if _, err := Discover(context.Background(), ref, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiscoverRegistry reads the same image from a loopback registry
// without the referrers API (the referrers tag schema and legacy tags).
func BenchmarkDiscoverRegistry(b *testing.B) {
	r, _ := newRegistry(b, false)
	k := testdataKey(b, false)
	img := exampleImage(b, "amd64")
	d := r.putImage(b, img, "2.1.0")
	cosignSign(b, r, d, k)
	cosignAttest(b, r, d, k, exampleSBOM("amd64", d.Digest))
	o := r.options()
	for b.Loop() {
		if _, err := Discover(context.Background(), r.ref("2.1.0"), o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies the testdata layout's attachments (five
// bundles, one key signer).
func BenchmarkVerify(b *testing.B) {
	img, err := Discover(context.Background(), "oci:"+testdataLayout+":"+testdataTag, Options{})
	if err != nil {
		b.Fatal(err)
	}
	v := mustVerifier(b, testdataKey(b, false).signer1("oai"))
	for b.Loop() {
		if _, err := v.Verify(context.Background(), img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyManySigners: n untrusted signatures and one trusted one,
// against four key signers (each attachment is tried with every signer).
func BenchmarkVerifyManySigners(b *testing.B) {
	for _, n := range []int{8, 64} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l := newLayout(b, false)
			d := l.putImage(b, cuImage(b, "linux/amd64", "a"), "2.1")
			for range n {
				cosignSign(b, l, d, newKey(b))
			}
			vendor := newKey(b)
			cosignSign(b, l, d, vendor)
			img, err := Discover(context.Background(), l.ref("2.1"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			v := mustVerifier(b, newKey(b).signer1("a"), newKey(b).signer1("b"), newKey(b).signer1("c"), vendor.signer1("vendor"))
			for b.Loop() {
				rep, err := v.Verify(context.Background(), img)
				if err != nil || !rep.Verified {
					b.Fatal(err, rep.Reason)
				}
			}
		})
	}
}
