package pace

import "testing"

func TestLinearTimeProgress(t *testing.T) {
	tests := []struct {
		month int
		want  float64
	}{{1, 8.33}, {2, 16.67}, {6, 50}, {7, 58.33}, {12, 100}}
	for _, tt := range tests {
		checkNear(t, "LinearTimeProgress", LinearTimeProgress(tt.month), tt.want, cent)
	}
}

func TestSeasonalTimeProgress(t *testing.T) {
	tests := []struct {
		name              string
		baseYTD, baseYear float64
		want              float64
		err               error
	}{
		{"half of last year by June", 70, 154, 45.45, nil},
		{"no full-year base", 70, 0, 0, ErrNoBaseYear},
		{"negative same-period base", -1, 154, 0, ErrNoBase},
	}
	for _, tt := range tests {
		got, err := SeasonalTimeProgress(tt.baseYTD, tt.baseYear)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		name          string
		value, target float64
		want          float64
		err           error
	}{
		{"industrial investment", 80, 185, 43.24, nil},
		{"over target", 50, 45, 111.11, nil},
		{"zero target", 80, 0, 0, ErrNoTarget},
		{"negative target", 80, -5, 0, ErrNoTarget},
	}
	for _, tt := range tests {
		got, err := Completion(tt.value, tt.target)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

func TestSeasonalProjection(t *testing.T) {
	tests := []struct {
		name                     string
		value, baseYTD, baseYear float64
		want                     float64
		err                      error
	}{
		{"last year's shape", 80, 70, 154, 176, nil},
		{"no full-year base", 80, 70, 0, 0, ErrNoBaseYear},
		{"no same-period base", 80, 0, 154, 0, ErrNoBase},
	}
	for _, tt := range tests {
		got, err := SeasonalProjection(tt.value, tt.baseYTD, tt.baseYear)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}
